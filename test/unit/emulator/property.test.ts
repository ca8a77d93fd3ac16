/**
 * Property: whatever initiators send (well-formed or garbage, one at a time or several at once)
 * and whatever the operator and fate do, execute() never throws, always answers with a SCSI
 * status, and no cartridge is ever lost or duplicated: the cartridges inside the library plus
 * those the operator holds are exactly the initial ones plus those the operator brought in.
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
  type Nexus,
} from '../../../src/scsi/index.ts';
import { FrontPanelError, VirtualClock, VirtualLibrary, type Cartridge } from '../../../src/emulator/index.ts';

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

type Step = { kind: 'scsi'; batch: Request[] } | { kind: 'panel'; action: PanelAction };

function stepsArbitrary(addresses: readonly number[]): fc.Arbitrary<Step[]> {
  const nexus = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(INITIATORS[0] as Nexus, INITIATORS[1] as Nexus) }, { weight: 1, arbitrary: fc.constant(INITIATORS[2] as Nexus) });
  const request = fc.record({ nexus, command: cdbArbitrary(addresses), dataInLength: fc.option(fc.integer({ min: 0, max: 4096 }), { nil: undefined }) }).map(
    (r): Request => ({ nexus: r.nexus, cdb: r.command.cdb, ...(r.command.dataOut === undefined ? {} : { dataOut: r.command.dataOut }), ...(r.dataInLength === undefined ? {} : { dataInLength: r.dataInLength }) }),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 3, arbitrary: fc.array(request, { minLength: 1, maxLength: 3 }).map((batch) => ({ kind: 'scsi', batch }) as const) },
    { weight: 1, arbitrary: panelArbitrary(addresses).map((action) => ({ kind: 'panel', action }) as const) },
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
async function operate(lib: VirtualLibrary, action: PanelAction, brought: Cartridge[]): Promise<void> {
  const panel = lib.frontPanel;
  const magazines = lib.profile.magazines.map((m) => m.name);
  const stations = lib.profile.ieStations.map((s) => s.name);
  const note = (c: Cartridge): void => {
    if (!brought.includes(c)) brought.push(c);
  };
  try {
    switch (action.kind) {
      case 'door':
        await (action.open ? panel.openDoor() : panel.closeDoor());
        break;
      case 'mailslot':
        await (action.open ? panel.openMailslot(stations[0]) : panel.closeMailslot(stations[0]));
        break;
      case 'insert-mailslot':
        note(panel.insertIntoMailslot({ barcode: action.label }));
        break;
      case 'take-mailslot':
        panel.takeFromMailslot();
        break;
      case 'door-remove':
        panel.removeThroughDoor(action.address);
        break;
      case 'door-insert': {
        const held = panel.outside[0];
        if (action.fromOutside && held !== undefined) panel.insertThroughDoor(action.address, held);
        else note(panel.insertThroughDoor(action.address, { barcode: action.label }));
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
        if (name !== undefined) panel.takeFromMagazine(name, action.position);
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

function census(lib: VirtualLibrary): number[] {
  return [...lib.contents().map((c) => c.cartridge.id), ...lib.frontPanel.outside.map((c) => c.id)].sort((x, y) => x - y);
}

/** What the runs exercised, so a generator that stopped producing useful commands is noticed. */
interface Coverage {
  goodMoves: number;
  checkConditions: number;
  panelActions: number;
}

async function checkProfile(profile: string, runs: number): Promise<Coverage> {
  const coverage: Coverage = { goodMoves: 0, checkConditions: 0, panelActions: 0 };
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
      const lib = await VirtualLibrary.open({ profile, clock: new VirtualClock({ autoAdvance: true }), seed });
      const initial = census(lib);
      const brought: Cartridge[] = [];
      for (const step of steps) {
        // Time passes between steps: a library booting or scanning gets on with it.
        await new Promise((resolve) => setImmediate(resolve));
        if (step.kind === 'panel') {
          await withinRealTime(operate(lib, step.action, brought), `front panel ${step.action.kind}`);
          coverage.panelActions++;
          continue;
        }
        const results = await withinRealTime(
          Promise.all(step.batch.map((r) => lib.device.execute(r.nexus, r))),
          `CDBs ${step.batch.map((r) => Buffer.from(r.cdb).toString('hex')).join(', ')}`,
        );
        results.forEach((result, i) => {
          assert.ok(STATUSES.includes(result.status), `status ${result.status}`);
          if (result.status === ScsiStatus.GOOD && step.batch[i]?.cdb[0] === 0xa5) coverage.goodMoves++;
          if (result.status === ScsiStatus.CHECK_CONDITION) coverage.checkConditions++;
          if (result.status === ScsiStatus.CHECK_CONDITION) assert.ok(result.sense !== undefined && result.sense.length >= 8);
          const limit = step.batch[i]?.dataInLength;
          if (limit !== undefined) assert.ok(result.dataIn.length <= limit);
        });
        assert.deepEqual(lib.device.internalErrors, []);
        const expected = [...initial, ...brought.map((c) => c.id)].sort((x, y) => x - y);
        assert.deepEqual(census(lib), expected, 'every cartridge is somewhere, exactly once');
      }
      await withinRealTime(lib.whenReady(), 'power-on');
      assert.deepEqual(lib.device.library.bootErrors, []);
      const expected = [...initial, ...brought.map((c) => c.id)].sort((x, y) => x - y);
      assert.deepEqual(census(lib), expected, 'every cartridge is somewhere, exactly once');
      await lib.close();
    }),
    { numRuns: runs },
  );
  return coverage;
}

function assertExercised(c: Coverage, atLeast = 10): void {
  assert.ok(c.goodMoves >= atLeast && c.checkConditions >= atLeast && c.panelActions >= atLeast, JSON.stringify(c));
}

describe('property: any CDBs and operator actions', () => {
  it('library-24: never throws, always a status, cartridges conserved', async () => {
    assertExercised(await checkProfile('library-24', 60));
  });

  it('library-500 (door, two robots, BUSY): same', async () => {
    assertExercised(await checkProfile('library-500', 40));
  });

  it('jukebox-optical (flip, alternate tags): same', async () => {
    assertExercised(await checkProfile('jukebox-optical', 40));
  });

  it('enterprise-10000 (exchange, two grippers): same', async () => {
    assertExercised(await checkProfile('enterprise-10000', 10), 3);
  });
});
