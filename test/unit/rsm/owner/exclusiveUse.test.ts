// "RSM reserves the changer for exclusive use", over the network: the manager's reservation
// (fenceDevice, as LibraryOwner takes it) held through one iSCSI session, and every command another
// initiator could change the library or its locks with sent through a second, real iSCSI session.
// Each must come back RESERVATION CONFLICT (18h) — SPC-4's and SMC-3's reservation tables — while
// read-only monitoring passes under Write Exclusive (the default) and not under Exclusive Access.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Changer } from '../../../../src/driver/changer.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { ReservationType } from '../../../../src/driver/persistentReservation.ts';
import { AccessControl } from '../../../../src/driver/requests.ts';
import { fenceDevice, ownerReservationType } from '../../../../src/rsm/owner/deviceFence.ts';
import { reservationKeyFor } from '../../../../src/rsm/owner/reservationKey.ts';
import { IscsiTransport } from '../../../../src/transport/iscsiTransport.ts';
import { openAsHost, serveLibrary, type ServedLibrary } from './servedLibrary.ts';

const GOOD = 0x00;
const CHECK_CONDITION = 0x02;
const RESERVATION_CONFLICT = 0x18;
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** What another host could send to change the library (library-24: slots from 1000h, IE port 10h). */
const CHANGES: readonly [string, Uint8Array, Uint8Array?][] = [
  ['PREVENT ALLOW MEDIUM REMOVAL (prevent)', bytes(0x1e, 0, 0, 0, 0x01, 0)],
  ['MODE SELECT(6)', bytes(0x15, 0x10, 0, 0, 0, 0)],
  ['MODE SELECT(10)', bytes(0x55, 0x10, 0, 0, 0, 0, 0, 0, 0, 0)],
  ['MOVE MEDIUM', bytes(0xa5, 0, 0, 0, 0x10, 0x00, 0x10, 0x04, 0, 0, 0, 0)],
  ['POSITION TO ELEMENT', bytes(0x2b, 0, 0, 0, 0x10, 0x00, 0, 0, 0, 0)],
  ['INITIALIZE ELEMENT STATUS', bytes(0x07, 0, 0, 0, 0, 0)],
  ['INITIALIZE ELEMENT STATUS WITH RANGE', bytes(0x37, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
  ['SEND VOLUME TAG (replace)', bytes(0xb6, 0x02, 0x10, 0x00, 0, 0x0a, 0, 0, 0, 40, 0, 0), new Uint8Array(40).fill(0x41)],
  ['OPEN IMPORT/EXPORT ELEMENT', bytes(0x1b, 0, 0, 0x10, 0x00, 0)],
  ['CLOSE IMPORT/EXPORT ELEMENT', bytes(0x1b, 0, 0, 0x10, 0x01, 0)],
  ['REZERO UNIT', bytes(0x01, 0, 0, 0, 0, 0)],
  ['RESERVE(6)', bytes(0x16, 0, 0, 0, 0, 0)],
];
/** Read-only monitoring: through Write Exclusive (SMC-3), not through Exclusive Access. */
const MONITORING: readonly [string, Uint8Array][] = [
  ['READ ELEMENT STATUS', bytes(0xb8, 0x12, 0x10, 0x00, 0, 1, 0, 0, 0, 0xff, 0, 0)],
  // Page 1Dh, without which element status cannot be read: the emulator lets it through like READ ELEMENT STATUS.
  ['MODE SENSE(6) page 1Dh', bytes(0x1a, 0x08, 0x1d, 0, 0xff, 0)],
];
/** Reads through Write Exclusive too; without a SEND VOLUME TAG of its own first it is then refused with CHECK CONDITION. */
const REQUEST_VOLUME_ELEMENT_ADDRESS = bytes(0xb5, 0x12, 0x10, 0x00, 0, 1, 0, 0, 0, 0xff, 0, 0);
/** Through either type (SPC-4). */
const ALWAYS: readonly [string, Uint8Array][] = [
  ['INQUIRY', bytes(0x12, 0, 0, 0, 0x60, 0)],
  ['TEST UNIT READY', bytes(0, 0, 0, 0, 0, 0)],
  ['REQUEST SENSE', bytes(0x03, 0, 0, 0, 0x12, 0)],
  ['REPORT LUNS', bytes(0xa0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0)],
  ['LOG SENSE', bytes(0x4d, 0, 0, 0, 0, 0, 0, 0, 0x40, 0)],
  ['PERSISTENT RESERVE IN (READ KEYS)', bytes(0x5e, 0, 0, 0, 0, 0, 0, 0x01, 0, 0)],
];

describe('exclusive use: another initiator while the manager owns the changer', () => {
  let served: ServedLibrary;
  let manager: Changer;
  let other: IscsiTransport;
  const key = reservationKeyFor(1, 'rsm@exclusive-use');

  const send = async (cdb: Uint8Array, dataOut?: Uint8Array): Promise<number> =>
    (await other.execute({ cdb, dataInLength: 0x400, ...(dataOut === undefined ? {} : { dataOut }), timeoutMs: 10_000 })).status;

  const statuses = async (commands: readonly (readonly [string, Uint8Array, Uint8Array?])[]): Promise<[string, number][]> => {
    const seen: [string, number][] = [];
    for (const [name, cdb, dataOut] of commands) seen.push([name, await send(cdb, dataOut)]);
    return seen;
  };

  before(async () => {
    served = await serveLibrary();
    manager = await openAsHost('manager')(served.url, 'rsm@exclusive-use');
    other = await IscsiTransport.open(served.url);
    // The other host's session starts with its power-on attention; let TEST UNIT READY take it.
    while ((await send(bytes(0, 0, 0, 0, 0, 0))) !== GOOD);
  });

  after(async () => {
    await other?.close();
    await manager?.close();
    await served?.close();
  });

  it('read-only monitoring on (the default): Write Exclusive; every change is 18h, element status still reads', async () => {
    assert.equal(ownerReservationType(true), ReservationType.WriteExclusive);
    const fence = await fenceDevice(manager, key, ownerReservationType(true));
    assert.deepEqual(fence, { fenced: true, key, type: ReservationType.WriteExclusive, preempted: [] });
    assert.deepEqual(await statuses(CHANGES), CHANGES.map(([name]) => [name, RESERVATION_CONFLICT]));
    assert.deepEqual(await statuses([...MONITORING, ...ALWAYS]), [...MONITORING, ...ALWAYS].map(([name]) => [name, GOOD]));
    assert.equal(await send(REQUEST_VOLUME_ELEMENT_ADDRESS), CHECK_CONDITION);
  });

  it('the manager\'s mailslot lock holds: PREVENT from the other host is 18h; its ALLOW (allowed by SPC through any reservation) ends only its own prevention', async () => {
    await manager.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.Lock);
    assert.equal(await send(bytes(0x1e, 0, 0, 0, 0x01, 0)), RESERVATION_CONFLICT);
    assert.equal(await send(bytes(0x1e, 0, 0, 0, 0x00, 0)), GOOD);
    await assert.rejects(served.library.frontPanel.openMailslot(), /is locked: a host has prevented medium removal/);
    await manager.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.Unlock);
  });

  it('SEND DIAGNOSTIC and EXCHANGE MEDIUM change nothing either: this changer does not implement them (05/20/00, checked before reservations)', async () => {
    assert.equal(await send(bytes(0x1d, 0x04, 0, 0, 0, 0)), CHECK_CONDITION);
    assert.equal(await send(bytes(0xa6, 0, 0, 0, 0x10, 0x00, 0x10, 0x04, 0x10, 0x00, 0, 0)), CHECK_CONDITION);
  });

  it('read-only monitoring off: Exclusive Access, taken over the manager\'s own reservation in one step; element status is 18h too', async () => {
    const fence = await fenceDevice(manager, key, ownerReservationType(false));
    assert.deepEqual(fence, { fenced: true, key, type: ReservationType.ExclusiveAccess, preempted: [] });
    assert.deepEqual((await served.observer.persistentReserveIn()).reservation, { key, type: ReservationType.ExclusiveAccess });
    assert.deepEqual(await statuses([...CHANGES, ...MONITORING]), [...CHANGES, ...MONITORING].map(([name]) => [name, RESERVATION_CONFLICT]));
    assert.equal(await send(REQUEST_VOLUME_ELEMENT_ADDRESS), RESERVATION_CONFLICT);
    assert.deepEqual(await statuses(ALWAYS), ALWAYS.map(([name]) => [name, GOOD]));
    // The holder itself still reads and moves.
    assert.equal((await manager.getElementStatus({ element: { type: ElementType.Slot, index: 0 }, count: 1, volumeTagInfo: false })).length, 1);
  });
});
