/**
 * Driving one tape drive of a virtual library the way a host does: CDBs to the drive's LUN, a
 * cartridge brought in through the mailslot and moved into the drive by the changer, TEST UNIT
 * READY until the drive is ready.
 */
import assert from 'node:assert/strict';
import { ScsiStatus, buildMoveMediumCdb, buildTestUnitReadyCdb, type ScsiResult } from '../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary, type Cartridge, type CartridgeSpec, type Profile } from '../../../src/emulator/index.ts';
import { HOST_A, assertGood, drainAttentions, send } from './helpers.ts';

export interface DriveSend {
  readonly initiator?: string;
  readonly dataOut?: Uint8Array;
  readonly dataInLength?: number;
}

export function toDrive(lib: VirtualLibrary, drive: number, cdb: Uint8Array, options: DriveSend = {}): Promise<ScsiResult> {
  const device = lib.drives[drive];
  assert.ok(device !== undefined, `no drive ${drive}`);
  return device.execute(
    { initiator: options.initiator ?? HOST_A.initiator, lun: 1 + drive },
    {
      cdb,
      ...(options.dataOut === undefined ? {} : { dataOut: options.dataOut }),
      ...(options.dataInLength === undefined ? {} : { dataInLength: options.dataInLength }),
    },
  );
}

/** library-24 on a virtual clock that moves by itself, with the power-on attentions of the changer and every drive taken. */
export async function openLibrary(profile: string | Profile = 'library-24'): Promise<VirtualLibrary> {
  const lib = await VirtualLibrary.open({ profile, clock: new VirtualClock({ autoAdvance: true }) });
  await drainAttentions(lib);
  for (let drive = 0; drive < lib.drives.length; drive++) await drainDriveAttentions(lib, drive);
  return lib;
}

/** TEST UNIT READY while it answers UNIT ATTENTION: the initiator's pending attentions are spent. */
export async function drainDriveAttentions(lib: VirtualLibrary, drive: number, initiator = HOST_A.initiator): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const r = await toDrive(lib, drive, buildTestUnitReadyCdb(), { initiator });
    if (r.status !== ScsiStatus.CHECK_CONDITION || ((r.sense?.[2] ?? 0) & 0x0f) !== 0x06) return;
  }
}

/** TEST UNIT READY until GOOD, taking the attentions on the way (what st does on open). */
export async function settle(lib: VirtualLibrary, drive = 0, initiator = HOST_A.initiator): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await toDrive(lib, drive, buildTestUnitReadyCdb(), { initiator })).status === ScsiStatus.GOOD) return;
  assert.fail('the drive did not become ready');
}

/** Puts a new cartridge into library-24's mailslot (16), moves it into drive `drive` and settles the drive for HOST_A. */
export async function mount(lib: VirtualLibrary, spec: CartridgeSpec | Cartridge, drive = 0): Promise<void> {
  await lib.frontPanel.openMailslot();
  if (lib.contents().some((l) => l.address === 16)) lib.frontPanel.takeFromMailslot();
  lib.frontPanel.insertIntoMailslot(spec);
  await lib.frontPanel.closeMailslot();
  await drainAttentions(lib);
  assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 16, destinationAddress: 256 + drive })));
  await settle(lib, drive);
}

export const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');
