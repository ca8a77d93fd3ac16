/**
 * SPC commands on the changer LU: INQUIRY and VPD pages, REPORT LUNS, MODE SENSE/SELECT,
 * PERSISTENT RESERVE, LOG SENSE, REPORT SUPPORTED OPERATION CODES — exact bytes where a peer
 * depends on them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ModePageControl,
  PersistentReservationType,
  PersistentReserveInAction,
  PersistentReserveOutAction,
  ScsiStatus,
  SenseKey,
  buildInquiryCdb,
  buildLogSenseCdb,
  buildModeParameterList,
  buildModeSelect6Cdb,
  buildModeSense10Cdb,
  buildModeSense6Cdb,
  buildMoveMediumCdb,
  buildPersistentReserveInCdb,
  buildPersistentReserveOutCdb,
  buildPersistentReserveOutParameters,
  buildReadElementStatusCdb,
  buildReportLunsCdb,
  buildReportSupportedOperationCodesCdb,
  buildTestUnitReadyCdb,
  controlPage,
  parseAllCommandsData,
  parseModeParameterList,
  parseOneCommandData,
  parseReadReservationData,
  parseSenseData,
  parseStandardInquiryData,
  type ModePage,
} from '../../../src/scsi/index.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { HOST_A, HOST_B, assertGood, assertSense, drainAttentions, openTestLibrary, send } from './helpers.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

describe('INQUIRY', () => {
  it('returns PDT 08h, RMB, CmdQue and the profile\'s vendor strings (exact bytes)', async () => {
    const { lib } = await openTestLibrary('library-24');
    const r = await send(lib, buildInquiryCdb({ allocationLength: 0xff }));
    assertGood(r);
    assert.equal(
      hex(r.dataIn),
      '08800502' + '3d000002' + text('IBM     ') + text('3573-TL         ') + text('F.11') + '00'.repeat(22) + '0040' + '0480' + '0300' + '0960',
    );
    const d = parseStandardInquiryData(r.dataIn);
    assert.equal(d.mChngr, false);
  });

  it('serves VPD 00h, 80h (serial) and 83h (NAA + T10 vendor ID); another page is 05/24/00', async () => {
    const { lib } = await openTestLibrary('library-24');
    const vpd = async (page: number): Promise<string> => {
      const r = await send(lib, buildInquiryCdb({ evpd: true, pageCode: page, allocationLength: 0xff }));
      assertGood(r);
      return hex(r.dataIn);
    };
    assert.equal(await vpd(0x00), '08000003008083');
    assert.equal(await vpd(0x80), '0880000c' + text('00L2U78W1234'));
    assert.equal(await vpd(0x83), '08830034' + '01030008500507631a2b3c4d' + '02010024' + text('IBM     3573-TL         00L2U78W1234'));
    assertSense(await send(lib, buildInquiryCdb({ evpd: true, pageCode: 0xb0, allocationLength: 0xff })), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
  });

  it('answers on a missing LUN with peripheral qualifier 3 / type 1Fh', async () => {
    const { lib } = await openTestLibrary('library-24');
    const r = await send(lib, buildInquiryCdb({ allocationLength: 36 }), { nexus: { initiator: HOST_A.initiator, lun: 5 } });
    assertGood(r);
    assert.equal(r.dataIn[0], 0x7f);
  });
});

describe('REPORT LUNS', () => {
  it('lists the changer (LUN 0) and its two drives (LUNs 1, 2), on any LUN, without reporting a unit attention', async () => {
    const { lib } = await openTestLibrary('library-24');
    const r = await send(lib, buildReportLunsCdb({ allocationLength: 64 }), { nexus: { initiator: HOST_A.initiator, lun: 3 } });
    assertGood(r);
    assert.equal(hex(r.dataIn), '00000018000000000000000000000000' + '0001000000000000' + '0002000000000000');
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x29, 0x00);
  });
});

function pagesOf(data: Uint8Array, cdbLength: 6 | 10): ModePage[] {
  return parseModeParameterList(data, { cdbLength, purpose: 'sense' }).pages;
}

describe('MODE SENSE', () => {
  it('returns 1Dh for mtx (1A 08 1D 00 88 00) with the exact element map', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const r = await send(lib, Uint8Array.from([0x1a, 0x08, 0x1d, 0x00, 0x88, 0x00]));
    assertGood(r);
    // MT 1 ×2, ST 1000 ×500, IE 10 ×10, DT 500 ×12; PS set (saveable).
    assert.equal(hex(r.dataIn), '17000000' + '9d12' + '00010002' + '03e801f4' + '000a000a' + '01f4000c' + '0000');
  });

  it('returns every page for 3Fh in page-code order, and 1Eh ROTATE on the jukebox', async () => {
    const { lib } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    const r = await send(lib, buildModeSense10Cdb({ pageCode: 0x3f, allocationLength: 0x400 }));
    assertGood(r);
    const pages = pagesOf(r.dataIn, 10);
    assert.deepEqual(pages.map((p) => p.kind), ['control', 'element-address-assignment', 'transport-geometry', 'device-capabilities']);
    const geometry = pages[2];
    assert.ok(geometry?.kind === 'transport-geometry');
    assert.deepEqual(geometry.transports, [{ rotate: true, memberNumber: 0 }]);
  });

  it('reports the device capabilities of the profile (1Fh), exchange only where two grippers exist', async () => {
    const { lib } = await openTestLibrary('enterprise-10000');
    await drainAttentions(lib);
    const r = await send(lib, buildModeSense6Cdb({ disableBlockDescriptors: true, pageCode: 0x1f, allocationLength: 0xff }));
    assertGood(r);
    assert.equal(hex(r.dataIn.subarray(4)), '1f12' + '0e03' + '0e0e0e0e' + '00000000' + '0e0e0e0e' + '00000000');
  });

  it('shows D_SENSE as the only changeable field; SAVED is 05/39/00 where pages are not saveable', async () => {
    const { lib } = await openTestLibrary('enterprise-10000');
    await drainAttentions(lib);
    const changeable = await send(lib, buildModeSense6Cdb({ pageControl: ModePageControl.CHANGEABLE, pageCode: 0x0a, allocationLength: 0xff }));
    assertGood(changeable);
    assert.equal(hex(changeable.dataIn.subarray(4)), '0a0a04000000000000000000');
    assertSense(await send(lib, buildModeSense6Cdb({ pageControl: ModePageControl.SAVED, pageCode: 0x1d, allocationLength: 0xff })), SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    assertSense(await send(lib, buildModeSense6Cdb({ pageCode: 0x02, allocationLength: 0xff })), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
  });
});

describe('MODE SELECT', () => {
  async function selectControl(lib: VirtualLibrary, descriptorSense: boolean, save: boolean): Promise<void> {
    const list = buildModeParameterList(
      { mediumType: 0, deviceSpecificParameter: 0, longLba: false, blockDescriptors: [], pages: [controlPage({ descriptorSense })] },
      { cdbLength: 6, purpose: 'select' },
    );
    assertGood(await send(lib, buildModeSelect6Cdb({ pageFormat: true, savePages: save, parameterListLength: list.length }), { dataOut: list }));
  }

  it('D_SENSE=1 switches CHECK CONDITION sense to descriptor format; other initiators hear 2A/01', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    await selectControl(lib, true, false);
    const r = await send(lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 4100, destinationAddress: 4101 }));
    assert.equal(r.status, ScsiStatus.CHECK_CONDITION);
    assert.equal((r.sense as Uint8Array)[0], 0x72);
    const s = parseSenseData(r.sense as Uint8Array);
    assert.deepEqual([s.senseKey, s.asc, s.ascq], [5, 0x3b, 0x0e]);
    assertSense(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }), SenseKey.UNIT_ATTENTION, 0x2a, 0x01);
  });

  it('SP=1 saves D_SENSE across a power cycle; without SP it is lost', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const dSense = async (pc: number): Promise<boolean> => {
      const r = await send(lib, buildModeSense6Cdb({ pageControl: pc as 0, pageCode: 0x0a, allocationLength: 0xff }));
      const page = pagesOf(r.dataIn, 6)[0];
      assert.ok(page?.kind === 'control');
      return page.descriptorSense;
    };
    await selectControl(lib, true, false);
    await lib.frontPanel.powerCycle();
    await drainAttentions(lib);
    assert.equal(await dSense(ModePageControl.CURRENT), false);
    await selectControl(lib, true, true);
    assert.equal(await dSense(ModePageControl.SAVED), true);
    await lib.frontPanel.powerCycle();
    await drainAttentions(lib);
    assert.equal(await dSense(ModePageControl.CURRENT), true);
    assert.equal(await dSense(ModePageControl.DEFAULT), false);
  });

  it('accepts page 1Dh sent back unchanged and refuses a changed one with 26/00', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const sensed = await send(lib, buildModeSense6Cdb({ disableBlockDescriptors: true, pageCode: 0x1d, allocationLength: 0xff }));
    const list = Buffer.from(sensed.dataIn);
    list[0] = 0; // mode data length is reserved in MODE SELECT
    list[4] = (list[4] as number) & 0x7f; // PS too
    const select = (data: Buffer): ReturnType<typeof send> => send(lib, buildModeSelect6Cdb({ pageFormat: true, parameterListLength: data.length }), { dataOut: data });
    assertGood(await select(list));
    list[9] = 0x20; // another first storage address
    assertSense(await select(list), SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
  });
});

describe('PERSISTENT RESERVE', () => {
  const prOut = (lib: VirtualLibrary, nexus: typeof HOST_A, action: number, key: bigint, saKey: bigint, type = 0): ReturnType<typeof send> =>
    send(lib, buildPersistentReserveOutCdb({ serviceAction: action as 0, type }), {
      nexus,
      dataOut: buildPersistentReserveOutParameters({ reservationKey: key, serviceActionReservationKey: saKey, specifyInitiatorPorts: false, allTargetPorts: false, activatePersistThroughPowerLoss: false }),
    });
  const readElements = buildReadElementStatusCdb({ elementType: 2, startingElementAddress: 0, numberOfElements: 1, allocationLength: 0xff });
  const moveCdb = buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 4096, destinationAddress: 4100 });

  it('Write Exclusive: others may read element status but not move; Exclusive Access: not even read', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0xaan));
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0xaan, 0n, PersistentReservationType.WRITE_EXCLUSIVE));
    assertGood(await send(lib, readElements, { nexus: HOST_B }));
    assert.equal((await send(lib, moveCdb, { nexus: HOST_B })).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await send(lib, buildTestUnitReadyCdb(), { nexus: HOST_B }));
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RELEASE, 0xaan, 0n, PersistentReservationType.WRITE_EXCLUSIVE));
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0xaan, 0n, PersistentReservationType.EXCLUSIVE_ACCESS));
    assert.equal((await send(lib, readElements, { nexus: HOST_B })).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await send(lib, moveCdb));
  });

  it('a wrong key is a conflict; READ RESERVATION reports holder key and type', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0x1111n));
    assert.equal((await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0x2222n, 0n, 3)).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0x1111n, 0n, 3));
    const r = await send(lib, buildPersistentReserveInCdb({ serviceAction: PersistentReserveInAction.READ_RESERVATION, allocationLength: 64 }));
    assertGood(r);
    assert.equal(hex(r.dataIn), '00000001' + '00000010' + '0000000000001111' + '00000000' + '00' + '03' + '0000');
    assert.deepEqual(parseReadReservationData(r.dataIn).reservation, { key: 0x1111n, scope: 0, type: 3 });
  });

  it('PREEMPT fences a stale owner: its registration goes, it hears 2A/05, its commands conflict', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0xa1n));
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0xa1n, 0n, PersistentReservationType.EXCLUSIVE_ACCESS));
    assertGood(await prOut(lib, HOST_B, PersistentReserveOutAction.REGISTER, 0n, 0xb2n));
    assertGood(await prOut(lib, HOST_B, PersistentReserveOutAction.PREEMPT, 0xb2n, 0xa1n, PersistentReservationType.EXCLUSIVE_ACCESS));
    assert.equal((await send(lib, moveCdb)).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await send(lib, moveCdb, { nexus: HOST_B }));
    // The preempted host learns why when it next gets through (REQUEST SENSE is never a conflict).
    assert.deepEqual(await drainAttentions(lib, HOST_A), ['6/2a/05']);
    assert.equal((await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0xa1n, 0n, 3)).status, ScsiStatus.RESERVATION_CONFLICT);
  });

  it('CLEAR drops everything; RESERVE(6) conflicts while registrations exist', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0x5n));
    assert.equal((await send(lib, Uint8Array.from([0x16, 0, 0, 0, 0, 0]))).status, ScsiStatus.RESERVATION_CONFLICT);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.CLEAR, 0x5n, 0n));
    assertGood(await send(lib, Uint8Array.from([0x16, 0, 0, 0, 0, 0])));
  });

  it('refuses a parameter list that is not 24 bytes (05/1A/00)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const cdb = buildPersistentReserveOutCdb({ serviceAction: PersistentReserveOutAction.REGISTER, parameterListLength: 16 });
    assertSense(await send(lib, cdb, { dataOut: new Uint8Array(16) }), SenseKey.ILLEGAL_REQUEST, 0x1a, 0x00);
  });
});

describe('LOG SENSE', () => {
  it('lists pages 00h and 2Eh, and sets TapeAlert 16 while the door is open', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const pages = await send(lib, buildLogSenseCdb({ pageCode: 0, allocationLength: 64 }));
    assert.equal(hex(pages.dataIn), '00000002002e');
    await lib.frontPanel.openDoor();
    const r = await send(lib, buildLogSenseCdb({ pageCode: 0x2e, allocationLength: 0x200 }));
    assertGood(r);
    assert.equal(r.dataIn.length, 4 + 64 * 5);
    // Parameter 16 (0010h): value 1.
    assert.equal(hex(r.dataIn.subarray(4 + 15 * 5, 4 + 16 * 5)), '0010000101');
    assert.equal(hex(r.dataIn.subarray(4, 9)), '0001000100');
  });
});

describe('REPORT SUPPORTED OPERATION CODES', () => {
  it('lists the model\'s commands (no EXCHANGE MEDIUM on a one-picker robot)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, buildReportSupportedOperationCodesCdb({ allocationLength: 0x1000 }));
    assertGood(r);
    const { commands } = parseAllCommandsData(r.dataIn);
    const opcodes = commands.map((c) => c.opcode);
    for (const op of [0x00, 0x03, 0x12, 0x1a, 0x5a, 0xa0, 0xa3, 0xa5, 0xb5, 0xb6, 0xb8, 0x1b, 0x1e, 0x5e, 0x5f, 0x4d]) assert.ok(opcodes.includes(op), `0x${op.toString(16)}`);
    assert.ok(!opcodes.includes(0xa6));
    assert.deepEqual(commands.find((c) => c.opcode === 0xa3), { opcode: 0xa3, serviceAction: 0x0c, cdbLength: 12 });
  });

  it('gives MOVE MEDIUM\'s CDB usage map and timeouts from the profile', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, buildReportSupportedOperationCodesCdb({ reportingOptions: 1, requestedOperationCode: 0xa5, returnTimeouts: true, allocationLength: 0x100 }));
    assertGood(r);
    const one = parseOneCommandData(r.dataIn);
    assert.equal(one.support, 3);
    assert.equal(hex(one.cdbUsage), 'a5e0ffffffffffff000001ff');
    // unload 24 s + move 8 s + load 15 s.
    assert.deepEqual(one.timeouts, { commandSpecific: 0, nominal: 47, recommended: 94 });
    const missing = await send(lib, buildReportSupportedOperationCodesCdb({ reportingOptions: 1, requestedOperationCode: 0xa6, allocationLength: 0x100 }));
    assert.equal(parseOneCommandData(missing.dataIn).support, 1);
  });
});
