/**
 * PERSISTENT RESERVE IN, REPORT CAPABILITIES and READ FULL STATUS on the changer LU, byte for byte
 * as SPC-4 lays them out (what `sg_persist -c` and `sg_persist -s` decode).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PersistentReservationType,
  PersistentReserveInAction,
  PersistentReserveOutAction,
  SenseKey,
  buildPersistentReserveInCdb,
  buildPersistentReserveOutCdb,
  buildPersistentReserveOutParameters,
  parseReadFullStatusData,
  parseReportCapabilitiesData,
  type Nexus,
} from '../../../src/scsi/index.ts';
import type { VirtualLibrary } from '../../../src/emulator/index.ts';
import { HOST_A, HOST_B, assertGood, assertSense, drainAttentions, openTestLibrary, send } from './helpers.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

function prOut(lib: VirtualLibrary, nexus: Nexus, action: number, key: bigint, saKey: bigint, options: { type?: number; aptpl?: boolean; allTargetPorts?: boolean } = {}): ReturnType<typeof send> {
  return send(lib, buildPersistentReserveOutCdb({ serviceAction: action as 0, type: options.type ?? 0 }), {
    nexus,
    dataOut: buildPersistentReserveOutParameters({
      reservationKey: key, serviceActionReservationKey: saKey, specifyInitiatorPorts: false,
      allTargetPorts: options.allTargetPorts ?? false, activatePersistThroughPowerLoss: options.aptpl ?? false,
    }),
  });
}

function prIn(lib: VirtualLibrary, serviceAction: number, allocationLength = 0x2000, nexus: Nexus = HOST_A): ReturnType<typeof send> {
  return send(lib, buildPersistentReserveInCdb({ serviceAction: serviceAction as 0, allocationLength }), { nexus });
}

describe('PERSISTENT RESERVE IN, REPORT CAPABILITIES', () => {
  it('length 8; PTPL_C; TMV; every type in the mask (EAh 01h); PTPL_A follows the last APTPL', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const before = await prIn(lib, PersistentReserveInAction.REPORT_CAPABILITIES);
    assertGood(before);
    assert.equal(hex(before.dataIn), '0008' + '01' + '80' + 'ea01' + '0000');
    assert.deepEqual(parseReportCapabilitiesData(before.dataIn).types, [1, 3, 5, 6, 7, 8]);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0x77n, { aptpl: true }));
    assert.equal(hex((await prIn(lib, PersistentReserveInAction.REPORT_CAPABILITIES)).dataIn), '0008' + '01' + '81' + 'ea01' + '0000');
    // Cut to the allocation length, like every PR IN answer.
    assert.equal(hex((await prIn(lib, PersistentReserveInAction.REPORT_CAPABILITIES, 4)).dataIn), '00080181');
  });

  it('ATP_C is 0, so REGISTER with ALL_TG_PT = 1 is 05/26/00 (invalid field in parameter list)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0x1n, { allTargetPorts: true }), SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
  });
});

describe('PERSISTENT RESERVE IN, READ FULL STATUS', () => {
  it('no registrations: the generation and an additional length of 0', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assert.equal(hex((await prIn(lib, PersistentReserveInAction.READ_FULL_STATUS)).dataIn), '00000000' + '00000000');
  });

  it('one descriptor per registrant: key, R_HOLDER with scope/type for the holder only, relative port 1, the iSCSI TransportID', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.REGISTER, 0n, 0xaan));
    assertGood(await prOut(lib, HOST_B, PersistentReserveOutAction.REGISTER, 0n, 0xbbn));
    assertGood(await prOut(lib, HOST_A, PersistentReserveOutAction.RESERVE, 0xaan, 0n, { type: PersistentReservationType.WRITE_EXCLUSIVE }));
    const r = await prIn(lib, PersistentReserveInAction.READ_FULL_STATUS, 0x2000, HOST_B);
    assertGood(r);
    // 'iqn.2026-01.test:host-a' is 23 bytes: with its NUL, 24 — format 00b, protocol 5, length 18h.
    const transportId = (name: string): string => '05' + '00' + '0018' + text(name) + '00';
    const descriptor = (key: string, holder: string, scopeType: string, name: string): string =>
      key + '00000000' + holder + scopeType + '00000000' + '0001' + '0000001c' + transportId(name);
    assert.equal(hex(r.dataIn),
      '00000002' + '00000068' +
      descriptor('00000000000000aa', '01', '01', HOST_A.initiator) +
      descriptor('00000000000000bb', '00', '00', HOST_B.initiator));
    const parsed = parseReadFullStatusData(r.dataIn);
    assert.deepEqual(parsed.descriptors.map((d) => [d.key, d.reservationHolder, d.type]), [[0xaan, true, 1], [0xbbn, false, 0]]);
    assert.equal(parsed.truncated, false);
  });

  it('an iSCSI initiator port (name,i,0x<ISID>) is TransportID format 01b, padded to a multiple of four', async () => {
    const { lib } = await openTestLibrary('library-24');
    const port: Nexus = { initiator: 'iqn.1994-05.com.redhat:guest,i,0x400001370000', lun: 0 };
    await drainAttentions(lib, port);
    assertGood(await prOut(lib, port, PersistentReserveOutAction.REGISTER, 0n, 0x5n));
    const r = await prIn(lib, PersistentReserveInAction.READ_FULL_STATUS, 0x2000, port);
    // 45 bytes of name + NUL = 46, padded to 48.
    assert.equal(hex(r.dataIn.subarray(8 + 24)), '45' + '00' + '0030' + text(port.initiator) + '000000');
    assert.equal(hex(r.dataIn.subarray(8 + 20, 8 + 24)), '00000034');
  });
});
