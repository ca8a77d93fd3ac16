// Tape throughput over iSCSI loopback (issue 12 point 7), our target next to tgt's file-backed SSC
// drive (bs_ssc) in the same run with the same client:
//   - write then read MB/s in 64 KiB and 256 KiB variable blocks and 256 KiB fixed blocks, one
//     drive, then four drives at once (four sessions, one per drive);
//   - the target process's RSS during a 1 GiB write;
//   - LOCATE(10) time to block 10 and to block 1,000,000.
// The client is tapeClient.c, a small C program on libiscsi (built on first use; libiscsi's own
// tools have no tape streaming mode), one process and session per drive, one command outstanding
// as st and a tape drive work (a drive runs its commands in order, so a deeper queue would not be
// what a backup host sees); its CPU share is printed next to the figures so a saturated client
// shows. Without a C compiler or libiscsi-dev the figures fall back to our own Node initiator
// (IscsiTransport) in this process, which is slower than the targets on reads, and say so.
// Setup, LOCATE and the digest figures always go through IscsiTransport (libiscsi has no DataDigest).
// Each target runs in a process of its own (ours: tapeTargetProcess.ts). Our drives' figures need
// cartridges that hold what is written: when a drive ends the medium early (a store still small,
// or a command it does not have) the figure is printed as unavailable with the sense it answered.
// "ours, iSCSI only" is our target serving a NullTape (nullTape.ts): the data path alone. "floor"
// is floorTarget.c: a C target that keeps nothing, drops what is written and answers READs from a
// file with sendfile(2) — about the least a target on kernel sockets can spend per byte on this
// machine, so floor/tgt is about the most such a target could gain on tgt here, and ours/tgt reads against it. (Our target sending
// READs from the tape file by sendfile, through koffi, was measured and reverted: it used less CPU
// in all but put the page-cache work on the event loop, where the copy path reads on the tape I/O
// thread's core — four drives, 64 KiB: 956–1,194 MB/s against 1,077–1,518 without it. Moved to a
// thread of its own, one for all connections, the same sendfile kept that thread 90 % busy: perf
// put 28 % of it in tcp_write_xmit re-enabling interrupts, where the kernel paces each burst — BBR,
// this machine's congestion control, arms a timer per burst on an interface without an fq queue,
// loopback included; with CUBIC for the whole host that thread read 2,113 MB/s once — and it read
// 1,383–1,731 MB/s against the copy path's 1,717–1,842 in the same harness. Our loopback sockets
// alone set to CUBIC (setsockopt TCP_CONGESTION) gave that thread 1,403–1,615 and the copy path
// nothing (reads, writes, TEST UNIT READY and MOVE within run-to-run noise), so neither was kept.
// One sender thread per connection, as the floor has, each handed every READ by the event loop
// (header, file, offset; Atomics.notify) and sending it by sendfile: 1,333–1,451 MB/s against
// 1,773–2,054 without, alternating in one run — the event loop then spent 37 % of its time waking
// threads and being woken (_raw_spin_unlock_irqrestore, finish_task_switch: inter-processor
// interrupts in this VM), more than the sends it gave away. A handoff per command costs more here
// than a 64 KiB send; what the floor has and ours lacks is a thread that owns its connection.)
// Blocks are random bytes (incompressible), the same block written over and over.
// Both targets keep their tapes on one file system: a tmpfs (/dev/shm) unless BENCH_TAPE_DIR says
// otherwise, so the figures measure the targets, not this machine's virtual disk — whose rate is
// printed beside them (it syncs at 17–500 MB/s here depending on what else writes, and each
// figure ends with a WRITE FILEMARKS that our target syncs to disk).
//
// Sizes: BENCH_TAPE_MB (per drive and figure, default 256), BENCH_TAPE_RSS_MB (1024),
// BENCH_TAPE_LOCATE_BLOCKS (1000000, fixed 512-byte blocks), BENCH_TAPE_PROFILE (library-500),
// BENCH_TAPE_DRIVES (4), BENCH_TAPE_ROUNDS (3), BENCH_TAPE_WARM_MB (64), BENCH_TAPE=0 skips it all. To look at one figure:
// BENCH_TAPE_ONLY=1 (just one drive) or 4, BENCH_TAPE_MODE=64 (block modes whose name contains
// it), BENCH_TAPE_TARGET_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (our target's node flags).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildMoveMediumCdb } from '../src/scsi/cdb/moveMedium.ts';
import type { ScsiResult } from '../src/scsi/device.ts';
import { IscsiTransport } from '../src/transport/iscsiTransport.ts';
import { spawnBenchChild } from './benchChild.ts';
import { bundledChild } from './bundledChild.ts';
import { startFloorTarget, type FloorTarget } from './floorTargetProcess.ts';
import { buildNativeClient } from './nativeClient.ts';
import { runTapeClients } from './tapeClientProcess.ts';
import { run, startTgtd, tgtUnavailable, type Tgtd } from './tgtChanger.ts';

type Report = (name: string, value: string) => void;

const MiB = 1024 * 1024;
const PER_DRIVE_BYTES = Number(process.env.BENCH_TAPE_MB ?? 256) * MiB;
const RSS_BYTES = Number(process.env.BENCH_TAPE_RSS_MB ?? 1024) * MiB;
const LOCATE_BLOCKS = Number(process.env.BENCH_TAPE_LOCATE_BLOCKS ?? 1_000_000);
const LOCATE_BLOCK_LENGTH = 512;
const PROFILE = process.env.BENCH_TAPE_PROFILE ?? 'library-500';
const DRIVES = Number(process.env.BENCH_TAPE_DRIVES ?? 4);
const LOCATE_REPEATS = 15;
/**
 * Each figure is the median of this many rounds, the sides taking turns, so both see the same
 * machine load (on a shared 2-core machine one pass swings by 2x); each round moves
 * BENCH_TAPE_MB / ROUNDS per drive.
 */
const ROUNDS = Number(process.env.BENCH_TAPE_ROUNDS ?? 3);
/**
 * Written and read per drive on every side before a figure's rounds, and not counted: a backup
 * streams for hours, and what it sees is the target once V8 has optimised its data path. Cold,
 * our first 85 MiB of 64 KiB writes ran at 233 MB/s, the next at 377, then 550–570 (the data path
 * is optimised, then deoptimised once as each new session's objects show up); tgt, compiled, is the
 * same from the first block. Every side gets the same warm-up, so the ratio stays side by side.
 */
const WARM_BYTES = Number(process.env.BENCH_TAPE_WARM_MB ?? 64) * MiB;
const ONLY_COUNT = process.env.BENCH_TAPE_ONLY === undefined ? undefined : Number(process.env.BENCH_TAPE_ONLY);
const ONLY_MODE = process.env.BENCH_TAPE_MODE;
const TAPE_DIR = process.env.BENCH_TAPE_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
const TARGET_NODE_ARGS = (process.env.BENCH_TAPE_TARGET_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface BlockMode {
  readonly name: string;
  readonly blockLength: number;
  readonly fixed: boolean;
}

const MODES: readonly BlockMode[] = [
  { name: '64 KiB variable', blockLength: 64 * 1024, fixed: false },
  { name: '256 KiB variable', blockLength: 256 * 1024, fixed: false },
  { name: '256 KiB fixed', blockLength: 256 * 1024, fixed: true },
];

// ---- CDBs (SSC-3) -----------------------------------------------------------------------------

function transferCdb(opcode: number, fixed: boolean, count: number): Buffer {
  return Buffer.from([opcode, fixed ? 1 : 0, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff, 0]);
}
const write6 = (fixed: boolean, count: number): Buffer => transferCdb(0x0a, fixed, count);
const read6 = (fixed: boolean, count: number): Buffer => transferCdb(0x08, fixed, count);
const WRITE_FILEMARK = Buffer.from([0x10, 0, 0, 0, 1, 0]);
const REWIND = Buffer.from([0x01, 0, 0, 0, 0, 0]);
const TEST_UNIT_READY = Buffer.alloc(6);

function locate10(block: number): Buffer {
  const cdb = Buffer.alloc(10);
  cdb[0] = 0x2b;
  cdb.writeUInt32BE(block, 3);
  return cdb;
}

/** MODE SELECT(6), PF, with a block descriptor setting the block length (0: variable) and buffered mode 1. */
function modeSelectBlockLength(blockLength: number): { cdb: Buffer; dataOut: Buffer } {
  const data = Buffer.alloc(12);
  data[2] = 0x10;
  data[3] = 8;
  data.writeUIntBE(blockLength, 9, 3);
  return { cdb: Buffer.from([0x15, 0x10, 0, 0, data.length, 0]), dataOut: data };
}

/** "sense key/ASC/ASCQ" of a CHECK CONDITION, for the unavailable figures. */
function describe(result: ScsiResult): string {
  const s = result.sense;
  if (s === undefined || s.length < 14) return `status ${result.status}`;
  const hex = (n: number | undefined): string => (n ?? 0).toString(16).padStart(2, '0');
  const flags = [(s[2] ?? 0) & 0x80 ? 'FM' : '', (s[2] ?? 0) & 0x40 ? 'EOM' : '', (s[2] ?? 0) & 0x20 ? 'ILI' : ''].filter(Boolean).join(',');
  return `sense ${hex((s[2] ?? 0) & 0x0f)}/${hex(s[12])}/${hex(s[13])}${flags === '' ? '' : ` ${flags}`}`;
}

class Unavailable extends Error {}

async function must(transport: IscsiTransport, what: string, request: { cdb: Buffer; dataOut?: Buffer; dataInLength?: number }): Promise<ScsiResult> {
  const result = await transport.execute(request);
  if (result.status !== 0) throw new Unavailable(`${what}: ${describe(result)}`);
  return result;
}

/** Clears the unit attentions a new session and a newly loaded cartridge raise. */
async function ready(transport: IscsiTransport): Promise<void> {
  let last: ScsiResult | undefined;
  for (let i = 0; i < 50; i++) {
    last = await transport.execute({ cdb: TEST_UNIT_READY });
    if (last.status === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Unavailable(`drive never became ready: ${last === undefined ? '' : describe(last)}`);
}

// ---- one drive's streams ------------------------------------------------------------------------

/** Variable mode is every drive's default: a drive without MODE SELECT is still measured there. */
async function setMode(transport: IscsiTransport, mode: BlockMode): Promise<void> {
  const result = await transport.execute(modeSelectBlockLength(mode.fixed ? mode.blockLength : 0));
  if (result.status !== 0 && mode.fixed) throw new Unavailable(`MODE SELECT block length ${mode.blockLength}: ${describe(result)}`);
}

/** Writes `bytes` in blocks of the mode, one command at a time, then a filemark. */
async function writeStream(transport: IscsiTransport, mode: BlockMode, bytes: number, block: Buffer): Promise<void> {
  const cdb = write6(mode.fixed, mode.fixed ? 1 : mode.blockLength);
  for (let written = 0; written < bytes; written += mode.blockLength) {
    const result = await transport.execute({ cdb, dataOut: block });
    if (result.status !== 0) throw new Unavailable(`WRITE after ${(written / MiB).toFixed(0)} MiB: ${describe(result)}`);
  }
  await must(transport, 'WRITE FILEMARKS', { cdb: WRITE_FILEMARK });
}

async function readStream(transport: IscsiTransport, mode: BlockMode, bytes: number): Promise<void> {
  const cdb = read6(mode.fixed, mode.fixed ? 1 : mode.blockLength);
  for (let read = 0; read < bytes; read += mode.blockLength) {
    const result = await transport.execute({ cdb, dataInLength: mode.blockLength });
    if (result.status !== 0 || result.dataIn.length !== mode.blockLength) throw new Unavailable(`READ after ${(read / MiB).toFixed(0)} MiB: ${describe(result)}`);
  }
}

// ---- sides ----------------------------------------------------------------------------------------

/**
 * What a side stands for: our drives, our target's data path alone (NullTape), the floor (C, keeps
 * nothing: no RSS or LOCATE to measure), or the peer (tgt) every ratio is taken to.
 */
type Role = 'ours' | 'iscsi-only' | 'floor' | 'peer';

interface Side {
  readonly name: string;
  readonly role: Role;
  /** One transport per drive, logged in and ready, a writable cartridge loaded. */
  readonly drives: readonly IscsiTransport[];
  /** The drives' iSCSI URLs, for the C client's sessions. */
  readonly urls: readonly string[];
  readonly pid: number | undefined;
  /** Why LOCATE is not measured here, if known before trying. */
  readonly locateUnsupported?: string;
  close(): Promise<void>;
}

interface Measured {
  readonly mbPerSecond: number;
  /** Client CPU time over wall time: near 1 means the client, not the target, set the pace. */
  readonly clientCpuShare: number;
  /** The target's CPU time over wall time, all its threads, where its pid is known. */
  readonly targetCpuShare?: number | undefined;
}

type Outcome = Measured | { readonly unavailable: string };

async function timed(work: () => Promise<void>, bytes: number): Promise<Outcome> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    await work();
  } catch (e) {
    if (e instanceof Unavailable) return { unavailable: e.message };
    throw e;
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { mbPerSecond: bytes / 1e6 / (ms / 1000), clientCpuShare: (used.user + used.system) / 1000 / ms };
}

interface Directions {
  readonly write: Outcome;
  readonly read: Outcome;
}

/** The median round of each direction; unavailable if any round was. */
function medianOf(rounds: readonly Directions[]): Directions {
  const pick = (direction: 'write' | 'read'): Outcome => {
    const outcomes = rounds.map((r) => r[direction]);
    const failed = outcomes.find((o) => 'unavailable' in o);
    if (failed !== undefined) return failed;
    const sorted = (outcomes as Measured[]).slice().sort((a, b) => a.mbPerSecond - b.mbPerSecond);
    return sorted[Math.floor(sorted.length / 2)] as Measured;
  };
  return { write: pick('write'), read: pick('read') };
}

/** A side's close: every drive's session logged out. */
async function closeAll(drives: readonly IscsiTransport[]): Promise<void> {
  await Promise.all(drives.map((t) => t.close()));
}

/** The figures of the side playing `role`, if one does. */
function ofRole(sides: readonly Side[], results: ReadonlyMap<string, Directions>, role: Role): Directions | undefined {
  const side = sides.find((s) => s.role === role);
  return side === undefined ? undefined : results.get(side.name);
}

/** Every side in turn, ROUNDS times; the median per side. */
async function rounds(sides: readonly Side[], mode: BlockMode, count: number): Promise<Map<string, Directions>> {
  const all = new Map<string, Directions[]>(sides.map((side) => [side.name, []]));
  if (WARM_BYTES > 0) for (const side of sides) await throughput(side, mode, count, WARM_BYTES);
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of sides) all.get(side.name)?.push(await throughput(side, mode, count, Math.floor(PER_DRIVE_BYTES / ROUNDS / MiB) * MiB));
  }
  return new Map([...all].map(([name, results]) => [name, medianOf(results)]));
}

/** The built C client, when there is one (benchTape sets it). */
let nativeClient: string | undefined;

/** Write then read `bytes` on each of `count` drives at once. */
async function throughput(side: Side, mode: BlockMode, count: number, bytes: number): Promise<Directions> {
  const drives = side.drives.slice(0, count);
  if (drives.length < count) {
    const missing = { unavailable: `${side.name} has ${drives.length} drive(s)` };
    return { write: missing, read: missing };
  }
  // The digest figures' sides have no URLs: libiscsi has no DataDigest, so they stay on IscsiTransport.
  if (nativeClient !== undefined && side.urls.length >= count) {
    const runs = (direction: 'write' | 'read'): { url: string; direction: 'write' | 'read'; blockLength: number; fixed: boolean; bytes: number }[] =>
      side.urls.slice(0, count).map((url) => ({ url, direction, blockLength: mode.blockLength, fixed: mode.fixed, bytes }));
    const write = await runTapeClients(nativeClient, runs('write'), side.pid);
    if ('unavailable' in write) return { write, read: { unavailable: 'nothing written to read back' } };
    return { write, read: await runTapeClients(nativeClient, runs('read'), side.pid) };
  }
  // Incompressible, as most backup data is by the time it reaches a drive: a store that compresses gets no free ride.
  const block = randomBytes(mode.blockLength);
  try {
    await Promise.all(drives.map(async (t) => {
      await must(t, 'REWIND', { cdb: REWIND });
      await setMode(t, mode);
    }));
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    return { write: { unavailable: e.message }, read: { unavailable: e.message } };
  }
  const total = bytes * count;
  const write = await timed(() => Promise.all(drives.map((t) => writeStream(t, mode, bytes, block))).then(() => undefined), total);
  if ('unavailable' in write) return { write, read: { unavailable: 'nothing written to read back' } };
  await Promise.all(drives.map((t) => must(t, 'REWIND', { cdb: REWIND })));
  const read = await timed(() => Promise.all(drives.map((t) => readStream(t, mode, bytes))).then(() => undefined), total);
  return { write, read };
}

function rssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line === undefined ? undefined : Number(line.replace(/\D+/g, '')) * 1024;
  } catch {
    return undefined;
  }
}

/** RSS of the target before and at its highest during a RSS_BYTES write in 256 KiB variable blocks on drive 0. */
async function rssDuringWrite(side: Side): Promise<{ before: number; peak: number } | { unavailable: string }> {
  const t = side.drives[0];
  if (t === undefined || rssBytes(side.pid) === undefined) return { unavailable: 'no target process to read /proc from' };
  const mode = MODES[1] as BlockMode;
  try {
    // The C clients' MODE SELECTs left this session a unit attention (mode parameters changed).
    await ready(t);
    await must(t, 'REWIND', { cdb: REWIND });
    await setMode(t, mode);
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    return { unavailable: e.message };
  }
  const before = rssBytes(side.pid) ?? 0;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(side.pid) ?? 0)), 25);
  try {
    if (nativeClient === undefined) await writeStream(t, mode, RSS_BYTES, randomBytes(mode.blockLength));
    else {
      const written = await runTapeClients(nativeClient, [{ url: side.urls[0] as string, direction: 'write', blockLength: mode.blockLength, fixed: false, bytes: RSS_BYTES }]);
      if ('unavailable' in written) throw new Unavailable(written.unavailable);
    }
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    return { unavailable: e.message };
  } finally {
    clearInterval(sampler);
  }
  return { before, peak: Math.max(peak, rssBytes(side.pid) ?? 0) };
}

/** Median µs of LOCATE(10) from BOT to block 10 and to block LOCATE_BLOCKS, on a tape of LOCATE_BLOCKS + 1 fixed blocks. */
async function locateTimes(side: Side): Promise<{ near: number; far: number } | { unavailable: string }> {
  const t = side.drives[0];
  if (t === undefined) return { unavailable: 'no drive' };
  if (side.locateUnsupported !== undefined) return { unavailable: side.locateUnsupported };
  try {
    await ready(t);
    await must(t, 'REWIND', { cdb: REWIND });
    await must(t, 'LOCATE(10) to block 0', { cdb: locate10(0) });
    const mode = { name: '512-byte fixed', blockLength: LOCATE_BLOCK_LENGTH, fixed: true };
    await setMode(t, mode);
    const perCommand = 2048;
    const chunk = Buffer.alloc(perCommand * LOCATE_BLOCK_LENGTH, 0x11);
    for (let written = 0; written <= LOCATE_BLOCKS; written += perCommand) {
      const n = Math.min(perCommand, LOCATE_BLOCKS + 1 - written);
      const result = await t.execute({ cdb: write6(true, n), dataOut: chunk.subarray(0, n * LOCATE_BLOCK_LENGTH) });
      if (result.status !== 0) throw new Unavailable(`WRITE at block ${written}: ${describe(result)}`);
    }
    await must(t, 'WRITE FILEMARKS', { cdb: WRITE_FILEMARK });
    const times = { near: [] as number[], far: [] as number[] };
    for (let i = 0; i < LOCATE_REPEATS; i++) {
      for (const [key, block] of [['near', 10], ['far', LOCATE_BLOCKS]] as const) {
        await must(t, 'REWIND', { cdb: REWIND });
        const start = performance.now();
        await must(t, `LOCATE(10) to block ${block}`, { cdb: locate10(block) });
        times[key].push((performance.now() - start) * 1000);
      }
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    return { near: median(times.near), far: median(times.far) };
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    return { unavailable: e.message };
  }
}

// ---- our target -------------------------------------------------------------------------------

interface OurTapeTarget {
  readonly port: number;
  readonly iqn: string;
  readonly sinkIqn: string;
  readonly drives: readonly { lun: number; address: number }[];
  readonly transport: number;
  readonly cartridges: readonly number[];
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

async function startOurTarget(): Promise<OurTapeTarget> {
  const target = spawnBenchChild(process.execPath, [...TARGET_NODE_ARGS, await bundledChild(join(import.meta.dirname, 'tapeTargetProcess.ts')), PROFILE], { env: { ...process.env, BENCH_TAPE_DIR: TAPE_DIR } }, 'our tape target process');
  return { ...(JSON.parse(await target.firstLine) as Omit<OurTapeTarget, 'pid' | 'stop'>), pid: target.pid, stop: () => target.stop(5000) };
}

async function openOurs(target: OurTapeTarget): Promise<Side> {
  const changer = await IscsiTransport.open(`iscsi://127.0.0.1:${target.port}/${target.iqn}/0`);
  const drives: IscsiTransport[] = [];
  const urls: string[] = [];
  try {
    await ready(changer);
    for (const [k, drive] of target.drives.slice(0, DRIVES).entries()) {
      const source = target.cartridges[k];
      if (source === undefined) break;
      await must(changer, `MOVE MEDIUM to drive ${k}`, { cdb: buildMoveMediumCdb({ transportElementAddress: target.transport, sourceAddress: source, destinationAddress: drive.address }) });
      const url = `iscsi://127.0.0.1:${target.port}/${target.iqn}/${drive.lun}`;
      const transport = await IscsiTransport.open(url);
      drives.push(transport);
      urls.push(url);
      await ready(transport);
    }
  } finally {
    await changer.close();
  }
  return { name: 'ours', role: 'ours', drives, urls, pid: target.pid, close: () => closeAll(drives) };
}

async function openNull(target: OurTapeTarget): Promise<Side> {
  const url = `iscsi://127.0.0.1:${target.port}/${target.sinkIqn}/0`;
  const drives = await Promise.all(Array.from({ length: DRIVES }, () => IscsiTransport.open(url)));
  return { name: 'ours, iSCSI only (NullTape)', role: 'iscsi-only', drives, urls: drives.map(() => url), pid: target.pid, close: () => closeAll(drives) };
}

async function openFloor(floor: FloorTarget): Promise<Side> {
  const drives = await Promise.all(Array.from({ length: DRIVES }, () => IscsiTransport.open(floor.url)));
  return { name: 'floor (C, keeps nothing, reads by sendfile)', role: 'floor', drives, urls: drives.map(() => floor.url), pid: floor.pid, close: () => closeAll(drives) };
}

// ---- tgt ----------------------------------------------------------------------------------------

const TGT_IQN = 'iqn.2024-01.org.changer.bench:tgt-tape';

/** tgtd with DRIVES SSC LUNs, each a tgtimg cartridge file loaded (bs_ssc), as tgt's own docs set a VTL up. */
async function openTgt(): Promise<{ side: Side; tgtd: Tgtd } | string> {
  const why = await tgtUnavailable();
  if (why !== undefined) return why;
  let tgtd: Tgtd;
  try {
    tgtd = await startTgtd(TAPE_DIR);
  } catch (e) {
    return `tgtd could not start: ${(e as Error).message}`;
  }
  try {
    await tgtd.tgtadm('--op', 'new', '--mode', 'target', '--tid', '1', '-T', TGT_IQN);
    const capacityMb = String(Math.ceil((Math.max(PER_DRIVE_BYTES, RSS_BYTES) * 2) / 1e6) + 1000);
    for (let lun = 1; lun <= DRIVES; lun++) {
      const file = join(tgtd.dir, `TAPE${lun}`);
      const made = await run('tgtimg', ['--op', 'new', '--device-type', 'tape', '--barcode', `BENCH${lun}`, '--size', capacityMb, '--type', 'data', '--file', file]);
      if (made.code !== 0) throw new Error(`tgtimg: ${made.stderr.trim()}`);
      await tgtd.tgtadm('--mode', 'logicalunit', '--op', 'new', '--tid', '1', '--lun', String(lun), '-b', file, '--bstype=ssc', '--device-type=tape');
    }
    await tgtd.tgtadm('--op', 'bind', '--mode', 'target', '--tid', '1', '-I', 'ALL');
    const drives: IscsiTransport[] = [];
    for (let lun = 1; lun <= DRIVES; lun++) {
      const transport = await IscsiTransport.open(`iscsi://127.0.0.1:${tgtd.port}/${TGT_IQN}/${lun}`);
      drives.push(transport);
      await ready(transport);
    }
    return {
      tgtd,
      side: {
        name: 'tgt bs_ssc', role: 'peer', drives, pid: tgtd.pid,
        urls: drives.map((_, k) => `iscsi://127.0.0.1:${tgtd.port}/${TGT_IQN}/${k + 1}`),
        locateUnsupported: 'tgt bs_ssc has no LOCATE (ssc.md §5.1)',
        close: () => closeAll(drives),
      },
    };
  } catch (e) {
    await tgtd.stop();
    return `tgt could not be set up: ${(e as Error).message}`;
  }
}

/** What this machine's disk (the temporary directory's) takes written and synced, as a filemark syncs a tape. */
async function diskSyncRate(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'changer-bench-disk-'));
  const chunk = randomBytes(MiB);
  const file = await open(join(dir, 'rate'), 'w');
  try {
    const start = performance.now();
    for (let k = 0; k < 64; k++) await file.write(chunk);
    await file.sync();
    return (64 * MiB) / ((performance.now() - start) * 1000);
  } finally {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- the report ----------------------------------------------------------------------------------

function figure(outcome: Outcome): string {
  if ('unavailable' in outcome) return `unavailable (${outcome.unavailable})`;
  const target = outcome.targetCpuShare === undefined ? '' : `, target CPU ${(outcome.targetCpuShare * 100).toFixed(0)}%`;
  return `${outcome.mbPerSecond.toFixed(0)} MB/s (client CPU ${(outcome.clientCpuShare * 100).toFixed(0)}%${target})`;
}

function ratio(a: Outcome | undefined, b: Outcome | undefined): string | undefined {
  if (a === undefined || b === undefined || 'unavailable' in a || 'unavailable' in b) return undefined;
  return (a.mbPerSecond / b.mbPerSecond).toFixed(2);
}

export async function benchTape(report: Report): Promise<void> {
  if (process.env.BENCH_TAPE === '0') return;
  const built = await buildNativeClient('tapeClient.c');
  nativeClient = 'path' in built ? built.path : undefined;
  const client = 'path' in built ? 'tapeClient.c on libiscsi' : `our IscsiTransport (${built.unavailable})`;
  report('tape files of both targets on', `${TAPE_DIR}${TAPE_DIR === '/dev/shm' ? ' (tmpfs)' : ''}`);
  report('host disk, 64 MiB written then fsync (the bound for tapes kept on disk)', `${(await diskSyncRate()).toFixed(0)} MB/s`);
  report('tape bench client', `${client}, QD1 per drive, one session per drive; ${PER_DRIVE_BYTES / MiB} MiB per drive and figure, median of ${ROUNDS} alternating rounds after ${WARM_BYTES / MiB} MiB per drive of warm-up on every side`);
  const ours = await startOurTarget();
  const tgt = await openTgt();
  const floor = nativeClient === undefined ? { unavailable: 'it is measured with the C client only' } : await startFloorTarget(TAPE_DIR, 64 * MiB);
  const sides: Side[] = [];
  try {
    sides.push(await openOurs(ours));
    sides.push(await openNull(ours));
    if ('unavailable' in floor) report('tape floor target', `skipped: ${floor.unavailable}`);
    else sides.push(await openFloor(floor));
    if (typeof tgt === 'string') report('tape bench against tgt', `skipped: ${tgt}`);
    else sides.push(tgt.side);
    for (const count of [1, DRIVES].filter((n) => ONLY_COUNT === undefined || n === ONLY_COUNT)) {
      for (const mode of MODES.filter((m) => ONLY_MODE === undefined || m.name.includes(ONLY_MODE))) {
        const results = await rounds(sides, mode, count);
        for (const direction of ['write', 'read'] as const) {
          for (const side of sides) report(`tape ${direction} ${mode.name}, ${count} drive${count > 1 ? 's' : ''}, ${side.name}`, figure(results.get(side.name)?.[direction] as Outcome));
          const against = ofRole(sides, results, 'peer')?.[direction];
          for (const side of sides.filter((s) => s.role !== 'peer')) {
            const r = ratio(results.get(side.name)?.[direction], against);
            if (r !== undefined) report(`tape ${direction} ${mode.name}, ${count} drive${count > 1 ? 's' : ''}, ${side.name}/tgt`, r);
          }
        }
      }
    }
    if (ONLY_COUNT !== undefined || ONLY_MODE !== undefined) return;
    // DataDigest and HeaderDigest on (CRC32C on both ends of every PDU), 256 KiB variable, one drive.
    const digestUrls: { name: string; role: Role; url: string }[] = [
      { name: 'ours, iSCSI only (NullTape)', role: 'iscsi-only', url: `iscsi://127.0.0.1:${ours.port}/${ours.sinkIqn}/0` },
      ...(typeof tgt === 'string' ? [] : [{ name: 'tgt bs_ssc', role: 'peer' as const, url: `iscsi://127.0.0.1:${tgt.tgtd.port}/${TGT_IQN}/1` }]),
    ];
    const digestSides: Side[] = [];
    let digestResults = new Map<string, Directions>();
    try {
      for (const { name, role, url } of digestUrls) {
        const transport = await IscsiTransport.open(url, { headerDigest: true, dataDigest: true });
        digestSides.push({ name, role, drives: [transport], urls: [], pid: undefined, close: () => transport.close() });
        await ready(transport);
      }
      digestResults = await rounds(digestSides, MODES[1] as BlockMode, 1);
    } finally {
      for (const side of digestSides) await side.close();
    }
    for (const direction of ['write', 'read'] as const) {
      for (const [name, results] of digestResults) report(`tape ${direction} 256 KiB variable, 1 drive, CRC32C digests, ${name}`, figure(results[direction]));
      const r = ratio(ofRole(digestSides, digestResults, 'iscsi-only')?.[direction], ofRole(digestSides, digestResults, 'peer')?.[direction]);
      if (r !== undefined) report(`tape ${direction} 256 KiB variable, 1 drive, CRC32C digests, ours, iSCSI only (NullTape)/tgt`, r);
    }
    for (const side of sides.filter((s) => s.role !== 'floor')) {
      const rss = await rssDuringWrite(side);
      report(`tape target RSS during a ${RSS_BYTES / MiB} MiB write, ${side.name}`, 'unavailable' in rss
        ? `unavailable (${rss.unavailable})`
        : `${(rss.before / MiB).toFixed(0)} MiB before, ${(rss.peak / MiB).toFixed(0)} MiB peak, growth ${((rss.peak - rss.before) / MiB).toFixed(0)} MiB`);
    }
    for (const side of sides.filter((s) => s.role === 'ours' || s.role === 'peer')) {
      const times = await locateTimes(side);
      report(`tape LOCATE(10) block 10 vs ${LOCATE_BLOCKS}, ${side.name}`, 'unavailable' in times
        ? `unavailable (${times.unavailable})`
        : `${times.near.toFixed(0)} µs vs ${times.far.toFixed(0)} µs (far/near ${(times.far / times.near).toFixed(2)})`);
    }
  } finally {
    for (const side of sides) await side.close();
    if (typeof tgt !== 'string') await tgt.tgtd.stop();
    if (!('unavailable' in floor)) await floor.stop();
    await ours.stop();
  }
}
