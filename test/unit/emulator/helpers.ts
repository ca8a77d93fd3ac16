/**
 * What the emulator tests share: a library on a virtual clock, a way to send a CDB as a given
 * initiator, and assertions on status and sense that print what actually came back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ElementTypeCode,
  ScsiStatus,
  buildReadElementStatusCdb,
  buildRequestSenseCdb,
  parseElementStatusData,
  parseSenseData,
  type ElementDescriptor,
  type ElementStatusData,
  type Nexus,
  type ScsiResult,
} from '../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary, type VirtualLibraryOptions } from '../../../src/emulator/index.ts';

export const HOST_A: Nexus = { initiator: 'iqn.2026-01.test:host-a', lun: 0 };
export const HOST_B: Nexus = { initiator: 'iqn.2026-01.test:host-b', lun: 0 };

export interface TestLibrary {
  readonly lib: VirtualLibrary;
  readonly clock: VirtualClock;
}

/** An in-memory library on an auto-advancing virtual clock (timings as the profile says, no real waiting). */
export async function openTestLibrary(profile: string, options: Partial<VirtualLibraryOptions> = {}): Promise<TestLibrary> {
  const clock = new VirtualClock({ autoAdvance: true });
  const lib = await VirtualLibrary.open({ profile, clock, ...options });
  return { lib, clock };
}

export interface SendOptions {
  readonly nexus?: Nexus;
  readonly dataOut?: Uint8Array;
  readonly dataInLength?: number;
}

export function send(lib: VirtualLibrary, cdb: Uint8Array, options: SendOptions = {}): Promise<ScsiResult> {
  return lib.device.execute(options.nexus ?? HOST_A, {
    cdb,
    ...(options.dataOut === undefined ? {} : { dataOut: options.dataOut }),
    ...(options.dataInLength === undefined ? {} : { dataInLength: options.dataInLength }),
  });
}

export function describeResult(r: ScsiResult): string {
  if (r.sense === undefined) return `status ${r.status.toString(16)}h, ${r.dataIn.length} bytes`;
  const s = parseSenseData(r.sense);
  return `status ${r.status.toString(16)}h sense ${s.senseKey.toString(16)}/${s.asc.toString(16).padStart(2, '0')}/${s.ascq.toString(16).padStart(2, '0')}`;
}

export function assertGood(r: ScsiResult): void {
  assert.equal(r.status, ScsiStatus.GOOD, describeResult(r));
}

/** CHECK CONDITION with this key/ASC/ASCQ. */
export function assertSense(r: ScsiResult, key: number, asc: number, ascq: number): void {
  assert.equal(r.status, ScsiStatus.CHECK_CONDITION, describeResult(r));
  assert.ok(r.sense !== undefined);
  const s = parseSenseData(r.sense);
  assert.deepEqual([s.senseKey, s.asc, s.ascq], [key, asc, ascq], describeResult(r));
}

/** REQUEST SENSE until NO SENSE (as mtx does, at most ten times); returns the drained ASC/ASCQ pairs. */
export async function drainAttentions(lib: VirtualLibrary, nexus: Nexus = HOST_A): Promise<string[]> {
  const drained: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await send(lib, buildRequestSenseCdb({ allocationLength: 252 }), { nexus });
    assertGood(r);
    const s = parseSenseData(r.dataIn);
    if (s.senseKey === 0) return drained;
    drained.push(`${s.senseKey.toString(16)}/${s.asc.toString(16).padStart(2, '0')}/${s.ascq.toString(16).padStart(2, '0')}`);
  }
  return drained;
}

export interface ReadOptions {
  readonly type?: number;
  readonly start?: number;
  readonly count?: number;
  readonly volumeTag?: boolean;
  readonly deviceId?: boolean;
  readonly allocationLength?: number;
  readonly nexus?: Nexus;
}

export async function readStatus(lib: VirtualLibrary, options: ReadOptions = {}): Promise<ElementStatusData> {
  const cdb = buildReadElementStatusCdb({
    elementType: (options.type ?? ElementTypeCode.ALL) as 0,
    startingElementAddress: options.start ?? 0,
    numberOfElements: options.count ?? 0xffff,
    volumeTag: options.volumeTag ?? true,
    deviceId: options.deviceId ?? false,
    allocationLength: options.allocationLength ?? 0xffffff,
  });
  const r = await send(lib, cdb, options.nexus === undefined ? {} : { nexus: options.nexus });
  assertGood(r);
  return parseElementStatusData(r.dataIn, { deviceId: options.deviceId ?? false });
}

/** One element's descriptor, by address. */
export async function element(lib: VirtualLibrary, address: number, nexus?: Nexus): Promise<ElementDescriptor> {
  const data = await readStatus(lib, { start: address, count: 1, ...(nexus === undefined ? {} : { nexus }) });
  const d = data.pages[0]?.descriptors[0];
  assert.ok(d !== undefined && d.elementAddress === address, `no descriptor for element ${address}`);
  return d;
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'changer-emulator-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
