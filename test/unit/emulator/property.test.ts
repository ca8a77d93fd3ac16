/**
 * Property: whatever initiators send (well-formed or garbage, one at a time or several at once)
 * and whatever the operator and fate do — including restarts of the emulator process, clean or
 * in the middle of a move — execute() never throws, always answers with a SCSI status, and no
 * cartridge is ever lost or duplicated: the cartridges inside the library plus those the
 * operator holds are exactly the initial ones plus those the operator brought in, and a
 * reopened library holds exactly what its state directory recorded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ElementTypeCode,
  ScsiStatus,
  buildExchangeMediumCdb,
  buildInitializeElementStatusCdb,
  buildInitializeElementStatusWithRangeCdb,
  buildInquiryCdb,
  buildLogSenseCdb,
  buildModeSense10Cdb,
  buildModeSense6Cdb,
  buildMoveMediumCdb,
  buildOpenCloseImportExportElementCdb,
  buildPersistentReserveOutCdb,
  buildPersistentReserveOutParameters,
  buildPositionToElementCdb,
  buildPreventAllowMediumRemovalCdb,
  buildReadElementStatusCdb,
  buildReportLunsCdb,
  buildReportSupportedOperationCodesCdb,
  buildRequestSenseCdb,
  buildRequestVolumeElementAddressCdb,
  buildSendVolumeTagCdb,
  buildSendVolumeTagParameters,
  buildTestUnitReadyCdb,
  parseSenseData,
  SenseKey,
  type Nexus,
  type ScsiResult,
} from '../../../src/scsi/index.ts';
import { FrontPanelError, VirtualLibrary } from '../../../src/emulator/index.ts';
import { RestartableLibrary } from './restartableLibrary.ts';

const STATUSES: readonly number[] = [ScsiStatus.GOOD, ScsiStatus.CHECK_CONDITION, ScsiStatus.BUSY, ScsiStatus.RESERVATION_CONFLICT];
const INITIATORS: readonly Nexus[] = [
  { initiator: 'iqn.test:a', lun: 0 },
  { initiator: 'iqn.test:b', lun: 0 },
  { initiator: 'iqn.test:a', lun: 1 },
];

interface Request {
  readonly nexus: Nexus;
  readonly cdb: Uint8Array;
  readonly dataOut?: Uint8Array;
  readonly dataInLength?: number;
}

/** Element addresses of the library, a few bogus ones, and 0. */
function addressArbitrary(addresses: readonly number[]): fc.Arbitrary<number> {
  return fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...addresses) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) }, { weight: 1, arbitrary: fc.constant(0) });
}

function cdbArbitrary(addresses: readonly number[]): fc.Arbitrary<{ cdb: Uint8Array; dataOut?: Uint8Array }> {
  const a = addressArbitrary(addresses);
  const bool = fc.boolean();
  const len = fc.integer({ min: 0, max: 0x2000 });
  const key = fc.constantFrom(0n, 1n, 2n, 0xabn);
  // MOVE MEDIUM gets its own weight: it is the command that could lose a cartridge.
  const plainMove = fc.record({ source: a, destination: a }).map((m) => ({
    cdb: buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: m.source, destinationAddress: m.destination }),
  }));
  const wellFormed: fc.Arbitrary<{ cdb: Uint8Array; dataOut?: Uint8Array }>[] = [
    fc.record({ source: a, destination: a, transport: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: a }), invert: bool }).map((m) => ({
      cdb: buildMoveMediumCdb({ transportElementAddress: m.transport, sourceAddress: m.source, destinationAddress: m.destination, invert: m.invert }),
    })),
    fc.record({ source: a, first: a, second: a }).map((x) => ({
      cdb: buildExchangeMediumCdb({ transportElementAddress: 0, sourceAddress: x.source, firstDestinationAddress: x.first, secondDestinationAddress: x.second }),
    })),
    fc.record({ destination: a, invert: bool }).map((p) => ({ cdb: buildPositionToElementCdb({ transportElementAddress: 0, destinationAddress: p.destination, invert: p.invert }) })),
    fc.record({ type: fc.integer({ min: 0, max: 4 }), start: a, count: fc.integer({ min: 0, max: 40 }), voltag: bool, dvcid: bool, alloc: len }).map((r) => ({
      cdb: buildReadElementStatusCdb({
        elementType: r.type as ElementTypeCode,
        startingElementAddress: r.start,
        numberOfElements: r.count,
        volumeTag: r.voltag,
        deviceId: r.dvcid,
        allocationLength: r.alloc,
      }),
    })),
    fc.constant({ cdb: buildTestUnitReadyCdb() }),
    fc.integer({ min: 0, max: 255 }).map((n) => ({ cdb: buildRequestSenseCdb({ allocationLength: n }) })),
    fc.record({ evpd: bool, page: fc.constantFrom(0, 0x80, 0x83, 0xb0) }).map((i) => ({ cdb: buildInquiryCdb({ evpd: i.evpd, pageCode: i.evpd ? i.page : 0, allocationLength: 255 }) })),
    fc.record({ page: fc.constantFrom(0x0a, 0x1d, 0x1e, 0x1f, 0x3f, 0x02), pc: fc.integer({ min: 0, max: 3 }) }).map((m) => ({
      cdb: buildModeSense6Cdb({ pageCode: m.page, pageControl: m.pc as 0, allocationLength: 255 }),
    })),
    fc.record({ page: fc.constantFrom(0x0a, 0x3f), pc: fc.integer({ min: 0, max: 3 }) }).map((m) => ({
      cdb: buildModeSense10Cdb({ pageCode: m.page, pageControl: m.pc as 0, allocationLength: 1024 }),
    })),
    bool.map((prevent) => ({ cdb: buildPreventAllowMediumRemovalCdb({ prevent }) })),
    fc.constant({ cdb: buildInitializeElementStatusCdb() }),
    fc.record({ start: a, count: fc.integer({ min: 0, max: 5 }), fast: bool }).map((r) => ({
      cdb: buildInitializeElementStatusWithRangeCdb({ range: true, startingElementAddress: r.start, numberOfElements: r.count, fast: r.fast }),
    })),
    fc.record({ address: a, action: fc.constantFrom(0, 1) }).map((o) => ({ cdb: buildOpenCloseImportExportElementCdb({ elementAddress: o.address, action: o.action as 0 }) })),
    fc.record({ action: fc.integer({ min: 0, max: 6 }), type: fc.integer({ min: 0, max: 8 }), key, saKey: key, aptpl: bool }).map((p) => ({
      cdb: buildPersistentReserveOutCdb({ serviceAction: p.action as 0, type: p.type }),
      dataOut: buildPersistentReserveOutParameters({ reservationKey: p.key, serviceActionReservationKey: p.saKey, specifyInitiatorPorts: false, allTargetPorts: false, activatePersistThroughPowerLoss: p.aptpl }),
    })),
    fc.record({ action: fc.constantFrom(0, 1, 2, 5, 8, 9, 10, 11, 12, 13), address: a, template: fc.constantFrom('A*', 'A0000?L8', 'NEW1', '', 'S*', 'UDO*B') }).map((t) => ({
      cdb: buildSendVolumeTagCdb({ elementType: 0, elementAddress: t.address, sendActionCode: t.action }),
      dataOut: buildSendVolumeTagParameters({ volumeIdentificationTemplate: t.template, minimumSequenceNumber: 0, maximumSequenceNumber: 0 }),
    })),
    fc.record({ start: a, alloc: len }).map((r) => ({ cdb: buildRequestVolumeElementAddressCdb({ elementType: 0, elementAddress: r.start, numberOfElements: 10, allocationLength: r.alloc, volumeTag: true }) })),
    fc.constantFrom(0x00, 0x2e).map((page) => ({ cdb: buildLogSenseCdb({ pageCode: page, allocationLength: 512 }) })),
    fc.constant({ cdb: buildReportLunsCdb({ allocationLength: 64 }) }),
    fc.constant({ cdb: buildReportSupportedOperationCodesCdb({ allocationLength: 4096 }) }),
    fc.constantFrom(0x16, 0x17).map((op) => ({ cdb: Uint8Array.from([op, 0, 0, 0, 0, 0]) })),
  ];
  const malformed = fc.record({
    cdb: fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 16 }),
      fc.tuple(fc.constantFrom(0x00, 0x03, 0x12, 0x15, 0x1a, 0x1b, 0x2b, 0x37, 0x4d, 0x55, 0x5e, 0x5f, 0xa3, 0xa5, 0xa6, 0xb5, 0xb6, 0xb8, 0xe7), fc.uint8Array({ minLength: 0, maxLength: 15 })).map(
        ([op, rest]) => Uint8Array.from([op, ...rest]),
      ),
    ),
    dataOut: fc.uint8Array({ minLength: 0, maxLength: 64 }),
  });
  return fc.oneof({ weight: 4, arbitrary: plainMove }, { weight: 8, arbitrary: fc.oneof(...wellFormed) }, { weight: 2, arbitrary: malformed });
}

type PanelAction =
  | { kind: 'door'; open: boolean }
  | { kind: 'mailslot'; open: boolean }
  | { kind: 'insert-mailslot'; label: string | null }
  | { kind: 'take-mailslot' }
  | { kind: 'door-remove'; address: number }
  | { kind: 'door-insert'; address: number; label: string | null; fromOutside: boolean }
  | { kind: 'magazine'; index: number; pull: boolean }
  | { kind: 'magazine-take'; index: number; position: number }
  | { kind: 'eject'; drive: number }
  | { kind: 'power' }
  | { kind: 'fault'; fault: 'robot-jam' | 'power-loss' | 'drive-stuck' | 'label-unreadable' | 'element-disabled'; address: number; repair: boolean };

function panelArbitrary(addresses: readonly number[]): fc.Arbitrary<PanelAction> {
  const a = fc.constantFrom(...addresses);
  const label = fc.option(fc.stringMatching(/^[A-Z]{3}[0-9]{3}L8$/), { nil: null, freq: 5 });
  return fc.oneof(
    fc.boolean().map((open) => ({ kind: 'door', open }) as const),
    fc.boolean().map((open) => ({ kind: 'mailslot', open }) as const),
    label.map((l) => ({ kind: 'insert-mailslot', label: l }) as const),
    fc.constant({ kind: 'take-mailslot' } as const),
    a.map((address) => ({ kind: 'door-remove', address }) as const),
    fc.record({ address: a, label, fromOutside: fc.boolean() }).map((r) => ({ kind: 'door-insert', ...r }) as const),
    fc.record({ index: fc.integer({ min: 0, max: 1 }), pull: fc.boolean() }).map((r) => ({ kind: 'magazine', ...r }) as const),
    fc.record({ index: fc.integer({ min: 0, max: 1 }), position: fc.integer({ min: 0, max: 11 }) }).map((r) => ({ kind: 'magazine-take', ...r }) as const),
    fc.integer({ min: 0, max: 3 }).map((drive) => ({ kind: 'eject', drive }) as const),
    fc.constant({ kind: 'power' } as const),
    fc
      .record({ fault: fc.constantFrom('robot-jam', 'power-loss', 'drive-stuck', 'label-unreadable', 'element-disabled'), address: a, repair: fc.boolean() })
      .map((r) => ({ kind: 'fault', ...r }) as const),
  );
}

type Step =
  | { kind: 'scsi'; batch: Request[] }
  | { kind: 'panel'; action: PanelAction }
  /** The emulator process is restarted between commands (the library may still be booting or scanning). */
  | { kind: 'restart'; powerOn: boolean }
  /**
   * The process dies `ticks` clock events after a host sent a move that can start (the
   * `source`-th full element to the `destination`-th empty one, taken modulo their numbers) and
   * `batch`: mid-move, mid-exchange, mid-boot, or between two mechanical steps.
   */
  | { kind: 'crash'; source: number; destination: number; batch: Request[]; ticks: number; powerOn: boolean };

function stepsArbitrary(addresses: readonly number[]): fc.Arbitrary<Step[]> {
  const nexus = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(INITIATORS[0] as Nexus, INITIATORS[1] as Nexus) }, { weight: 1, arbitrary: fc.constant(INITIATORS[2] as Nexus) });
  const request = fc.record({ nexus, command: cdbArbitrary(addresses), dataInLength: fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined }) }).map(
    (r): Request => ({ nexus: r.nexus, cdb: r.command.cdb, ...(r.command.dataOut === undefined ? {} : { dataOut: r.command.dataOut }), ...(r.dataInLength === undefined ? {} : { dataInLength: r.dataInLength }) }),
  );
  const batch = fc.array(request, { minLength: 1, maxLength: 3 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 15, arbitrary: batch.map((b) => ({ kind: 'scsi', batch: b }) as const) },
    { weight: 5, arbitrary: panelArbitrary(addresses).map((action) => ({ kind: 'panel', action }) as const) },
    { weight: 1, arbitrary: fc.boolean().map((powerOn) => ({ kind: 'restart', powerOn }) as const) },
    {
      weight: 1,
      arbitrary: fc
        .record({ source: fc.nat(), destination: fc.nat(), batch, ticks: fc.integer({ min: 0, max: 4 }), powerOn: fc.boolean() })
        .map((c) => ({ kind: 'crash', ...c }) as const),
    },
  );
  return fc.array(step, { minLength: 10, maxLength: 60, size: 'max' });
}

/** Bounds a step in real time: a hang is a failure, not a stuck test run. */
async function withinRealTime<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish`)), 5000);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Operator mistakes are refused (FrontPanelError) or cut short by a power loss; anything else is a bug. */
async function operate(lib: VirtualLibrary, action: PanelAction, ledger: Ledger): Promise<void> {
  const panel = lib.frontPanel;
  const magazines = lib.profile.magazines.map((m) => m.name);
  const stations = lib.profile.ieStations.map((s) => s.name);
  try {
    switch (action.kind) {
      case 'door':
        await (action.open ? panel.openDoor() : panel.closeDoor());
        break;
      case 'mailslot':
        await (action.open ? panel.openMailslot(stations[0]) : panel.closeMailslot(stations[0]));
        break;
      case 'insert-mailslot':
        ledger.created.add(panel.insertIntoMailslot({ barcode: action.label }).id);
        break;
      case 'take-mailslot':
        ledger.held.add(panel.takeFromMailslot().id);
        break;
      case 'door-remove':
        ledger.held.add(panel.removeThroughDoor(action.address).id);
        break;
      case 'door-insert': {
        const held = panel.outside[0];
        if (action.fromOutside && held !== undefined) {
          panel.insertThroughDoor(action.address, held);
          ledger.held.delete(held.id);
        } else ledger.created.add(panel.insertThroughDoor(action.address, { barcode: action.label }).id);
        break;
      }
      case 'magazine': {
        const name = magazines[action.index % Math.max(1, magazines.length)];
        if (name === undefined) break;
        if (action.pull) panel.pullMagazine(name);
        else await panel.insertMagazine(name);
        break;
      }
      case 'magazine-take': {
        const name = magazines[action.index % Math.max(1, magazines.length)];
        if (name !== undefined) ledger.held.add(panel.takeFromMagazine(name, action.position).id);
        break;
      }
      case 'eject':
        await panel.ejectDrive(action.drive);
        break;
      case 'power':
        await panel.powerCycle();
        break;
      case 'fault': {
        const fault =
          action.fault === 'robot-jam' || action.fault === 'power-loss'
            ? { kind: action.fault }
            : action.fault === 'label-unreadable'
              ? { kind: action.fault, barcode: lib.contents()[0]?.cartridge.label ?? 'NONE' }
              : { kind: action.fault, address: action.address };
        if (action.repair) lib.faults.repair(fault);
        else lib.faults.inject(fault);
        break;
      }
    }
  } catch (error) {
    if (error instanceof FrontPanelError) return;
    if (error instanceof Error && error.name === 'LibraryRefusal') return;
    // Part faults aimed at the wrong kind of element or a missing label.
    if (error instanceof RangeError && action.kind === 'fault') return;
    throw error;
  }
}

/** The test's own account of cartridges, kept apart from the library's: what it must hold, what the operator holds. */
interface Ledger {
  /** Cartridges there were at the start plus those the operator brought in. */
  readonly created: Set<number>;
  /** Cartridges the operator took out and has not put back. */
  readonly held: Set<number>;
}

function ids(cartridges: Iterable<{ readonly id: number }>): number[] {
  return [...cartridges].map((c) => c.id).sort((x, y) => x - y);
}

/** Every cartridge is somewhere, exactly once: inside, or in the operator's hands (and the library agrees which). */
function assertCensus(lib: VirtualLibrary, ledger: Ledger, when: string): void {
  const inside = lib.contents().map((c) => c.cartridge);
  const outside = lib.frontPanel.outside;
  assert.deepEqual(ids([...inside, ...outside]), [...ledger.created].sort((x, y) => x - y), `every cartridge is somewhere, exactly once (${when})`);
  assert.deepEqual(ids(outside), [...ledger.held].sort((x, y) => x - y), `the operator holds what the library says is outside (${when})`);
}

function checkResults(batch: readonly Request[], results: readonly ScsiResult[], coverage: Coverage): void {
  results.forEach((result, i) => {
    assert.ok(STATUSES.includes(result.status), `status ${result.status}`);
    if (result.status === ScsiStatus.GOOD && batch[i]?.cdb[0] === 0xa5) coverage.goodMoves++;
    if (result.status === ScsiStatus.CHECK_CONDITION) coverage.checkConditions++;
    if (result.status === ScsiStatus.CHECK_CONDITION) assert.ok(result.sense !== undefined && result.sense.length >= 8);
    const limit = batch[i]?.dataInLength;
    if (limit !== undefined) assert.ok(result.dataIn.length <= limit);
  });
}

function describeBatch(batch: readonly Request[]): string {
  return `CDBs ${batch.map((r) => Buffer.from(r.cdb).toString('hex')).join(', ')}`;
}

/** What the runs exercised, so a generator that stopped producing useful commands is noticed. */
interface Coverage {
  goodMoves: number;
  checkConditions: number;
  panelActions: number;
  restarts: number;
  crashes: number;
  /** Crashes that left a cartridge in a picker (the state file recorded a move half done). */
  crashesMidMove: number;
}

/**
 * Sends `batch` and lets the library work for `ticks` clock events, then the process dies.
 * Answers that came back before are checked; the others never come. A promise rejected after
 * the crash would be an unhandled rejection, which fails the test run.
 */
async function crash(life: RestartableLibrary, step: Extract<Step, { kind: 'crash' }>, coverage: Coverage): Promise<void> {
  const lib = life.lib;
  const move = await feasibleMove(lib, step.source, step.destination);
  const answered: { request: Request; result: ScsiResult }[] = [];
  for (const request of move === undefined ? step.batch : [move, ...step.batch]) {
    void lib.device.execute(request.nexus, request).then((result) => answered.push({ request, result }));
  }
  for (let i = 0; i < step.ticks; i++) await new Promise((resolve) => setImmediate(resolve));
  const before = await life.restart({ powerOn: step.powerOn });
  checkResults(
    answered.map((a) => a.request),
    answered.map((a) => a.result),
    coverage,
  );
  coverage.crashes++;
  if (before.inside.some((c) => c.kind === 'transport')) coverage.crashesMidMove++;
}

/**
 * A MOVE MEDIUM from a full slot or drive to an empty one, sent by a host that has heard its
 * unit attentions: a move the robot starts unless the library is not ready, its door is open
 * or the element is out of reach. Undefined when the library has no such pair.
 */
async function feasibleMove(lib: VirtualLibrary, sourceIndex: number, destinationIndex: number): Promise<Request | undefined> {
  const nexus = INITIATORS[0] as Nexus;
  for (let i = 0; i < 20; i++) {
    const r = await lib.device.execute(nexus, { cdb: buildTestUnitReadyCdb() });
    if (r.status !== ScsiStatus.CHECK_CONDITION || r.sense === undefined || parseSenseData(r.sense).senseKey !== SenseKey.UNIT_ATTENTION) break;
  }
  const full = lib.contents().filter((c) => c.kind === 'slot' || c.kind === 'drive').map((c) => c.address);
  const taken = new Set(full);
  const empty = [...lib.addresses('slot'), ...lib.addresses('drive')].filter((a) => !taken.has(a));
  const source = full[sourceIndex % Math.max(1, full.length)];
  const destination = empty[destinationIndex % Math.max(1, empty.length)];
  if (source === undefined || destination === undefined) return undefined;
  return { nexus, cdb: buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination }) };
}

async function runSteps(life: RestartableLibrary, steps: readonly Step[], coverage: Coverage): Promise<void> {
  const ledger: Ledger = { created: new Set(ids(life.lib.contents().map((c) => c.cartridge))), held: new Set() };
  assertCensus(life.lib, ledger, 'at the start');
  for (const [n, step] of steps.entries()) {
    // Time passes between steps: a library booting or scanning gets on with it.
    await new Promise((resolve) => setImmediate(resolve));
    const lib = life.lib;
    switch (step.kind) {
      case 'panel':
        await withinRealTime(operate(lib, step.action, ledger), `front panel ${step.action.kind}`);
        coverage.panelActions++;
        break;
      case 'scsi': {
        const results = await withinRealTime(Promise.all(step.batch.map((r) => lib.device.execute(r.nexus, r))), describeBatch(step.batch));
        checkResults(step.batch, results, coverage);
        assert.deepEqual(lib.device.internalErrors, []);
        break;
      }
      case 'restart':
        await withinRealTime(life.restart({ powerOn: step.powerOn }), 'restart');
        coverage.restarts++;
        break;
      case 'crash':
        await withinRealTime(crash(life, step, coverage), `crash during ${describeBatch(step.batch)}`);
        break;
    }
    assertCensus(life.lib, ledger, `after step ${n} (${step.kind})`);
  }
  await withinRealTime(life.lib.whenReady(), 'power-on');
  assert.deepEqual(life.lib.device.library.bootErrors, []);
  assert.deepEqual(life.lib.device.internalErrors, []);
  assertCensus(life.lib, ledger, 'at the end');
  // The last word: what the directory holds after a final clean restart.
  await withinRealTime(life.restart({ powerOn: false }), 'final restart');
  assertCensus(life.lib, ledger, 'after the final restart');
}

async function checkProfile(profile: string, runs: number): Promise<Coverage> {
  const coverage: Coverage = { goodMoves: 0, checkConditions: 0, panelActions: 0, restarts: 0, crashes: 0, crashesMidMove: 0 };
  const probe = await VirtualLibrary.open({ profile, instant: true });
  // A large library is sampled: a few drives and mailslots, slots at both ends (full ones at the start, empty ones at the end).
  const slots = probe.addresses('slot');
  const large = slots.length > 200;
  const sampled = large ? [...slots.slice(0, 40), ...slots.slice(-40)] : slots;
  const few = (list: number[]): number[] => (large ? list.slice(0, 8) : list);
  const addresses = [...probe.addresses('transport'), ...few(probe.addresses('ieport')), ...few(probe.addresses('drive')), ...sampled];
  await probe.close();
  await fc.assert(
    fc.asyncProperty(stepsArbitrary(addresses), fc.integer({ min: 1, max: 1000 }), async (steps, seed) => {
      const life = await RestartableLibrary.create(profile, seed);
      try {
        await runSteps(life, steps, coverage);
      } finally {
        await life.dispose();
      }
    }),
    { numRuns: runs },
  );
  return coverage;
}

function assertExercised(c: Coverage, atLeast = 10, midMoveCrashes = 1): void {
  assert.ok(c.goodMoves >= atLeast && c.checkConditions >= atLeast && c.panelActions >= atLeast, JSON.stringify(c));
  assert.ok(c.restarts >= atLeast && c.crashes >= atLeast && c.crashesMidMove >= midMoveCrashes, JSON.stringify(c));
}

describe('property: any CDBs, operator actions, faults and restarts', () => {
  it('library-24: never throws, always a status, cartridges conserved across restarts and crashes', async () => {
    assertExercised(await checkProfile('library-24', 60));
  });

  it('library-500 (door, two robots, BUSY): same', async () => {
    assertExercised(await checkProfile('library-500', 40));
  });

  it('jukebox-optical (flip, alternate tags): same', async () => {
    assertExercised(await checkProfile('jukebox-optical', 40));
  });

  it('enterprise-10000 (exchange, two grippers): same', async () => {
    // Ten runs only (each state save encodes 10,000 elements): a crash mid-move is likely but not asserted.
    assertExercised(await checkProfile('enterprise-10000', 10), 3, 0);
  });
});
