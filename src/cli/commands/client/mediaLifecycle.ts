// The media services of the NTMS contract on the command line (rsm/mediaContract.ts): allocate a
// scratch medium without mounting it and give it back, set a side complete, decommission it,
// swap two sides' logical media, move a medium to a pool, forget an ejected medium, delete an
// empty pool. Each prints one line saying what the catalog now holds (--json: the answer).
import { MEDIUM_STATES, SIDE_STATES } from '../../../rsm/catalog/index.ts';
import type { MediaQuery, MediumView } from '../../../rsm/service.ts';
import { writeJson, writeLine } from '../../output.ts';
import { UsageError } from '../../usageError.ts';
import { optionalInteger, wordList } from './arguments.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';

function sideText(m: MediumView, side: number): string {
  const s = m.sides.find((x) => x.side === side);
  const name = m.sideCount > 1 ? `side ${side === 0 ? 'A' : 'B'} of ${m.barcode ?? m.id}` : (m.barcode ?? m.id);
  return `${name}: ${s?.state ?? 'unknown'}${s?.application ? ` (${s.application})` : ''}, pool ${m.poolName ?? '-'}`;
}

const sideOption = (text: string | undefined): number | undefined => optionalInteger(text, '--side', 0, 1);

/** `changer media allocate --pool P [barcode] [--side n]`: AllocateNtmsMedia. */
export async function allocateCommand(ctx: ClientContext, barcode: string | undefined, options: { pool?: string; side?: string }): Promise<void> {
  if (options.pool === undefined) throw new UsageError('name the application pool to allocate into: --pool <pool>');
  const side = sideOption(options.side);
  const library = barcode !== undefined ? await libraryOf(ctx) : ctx.libraryOption;
  const allocation = await ctx.client.allocate({
    pool: options.pool,
    ...(library !== undefined ? { library } : {}),
    ...(barcode !== undefined ? { barcode } : {}),
    ...(side !== undefined ? { side } : {}),
  });
  if (ctx.output.json) return writeJson(ctx.output, allocation);
  const m = allocation.medium;
  writeLine(ctx.output, `allocated ${sideText(m, allocation.side)} (taken from ${allocation.allocatedFrom}; library ${m.libraryName}); mount it with: changer media mount ${m.barcode ?? m.id}${m.sideCount > 1 ? ` --side ${allocation.side}` : ''}`);
}

/** `changer media deallocate|complete|decommission <barcode> [--side n]`. */
export async function sideCommand(ctx: ClientContext, action: 'deallocate' | 'complete' | 'decommission', barcode: string, options: { side?: string }): Promise<void> {
  const side = sideOption(options.side);
  const m = await ctx.client.changeSide(action, { library: await libraryOf(ctx), barcode, ...(side !== undefined ? { side } : {}) });
  if (ctx.output.json) return writeJson(ctx.output, m);
  writeLine(ctx.output, sideText(m, side ?? 0));
}

/** `changer media pool <barcode> <pool>`: MoveToNtmsMediaPool. */
export async function movePoolCommand(ctx: ClientContext, barcode: string, pool: string): Promise<void> {
  const m = await ctx.client.moveMediumToPool(await libraryOf(ctx), barcode, pool);
  if (ctx.output.json) return writeJson(ctx.output, m);
  writeLine(ctx.output, `${m.barcode ?? m.id} is in pool ${m.poolName ?? '-'} (${m.sides.map((s) => s.state).join('/')})`);
}

/** `BARCODE` or `BARCODE:B` / `BARCODE:1`: one side of a medium. */
export function sideArgument(text: string): { readonly barcode: string; readonly side?: number } {
  const m = /^(.+):([01ABab])$/.exec(text.trim());
  if (m === null) return { barcode: text.trim() };
  const side = m[2] as string;
  return { barcode: m[1] as string, side: side === '1' || side.toUpperCase() === 'B' ? 1 : 0 };
}

/** `changer media swap <barcode[:side]> <barcode[:side]>`: SwapNtmsMedia. */
export async function swapCommand(ctx: ClientContext, first: string, second: string): Promise<void> {
  const media = await ctx.client.swapSides({ library: await libraryOf(ctx), first: sideArgument(first), second: sideArgument(second) });
  if (ctx.output.json) return writeJson(ctx.output, media);
  const a = sideArgument(first);
  const b = sideArgument(second);
  const find = (barcode: string): MediumView | undefined => media.find((m) => m.barcode === barcode);
  for (const ref of [a, b]) {
    const m = find(ref.barcode);
    if (m !== undefined) writeLine(ctx.output, sideText(m, ref.side ?? 0));
  }
}

/** `changer media delete <barcode>`: DeleteNtmsMedia (an ejected medium only). */
export async function deleteMediumCommand(ctx: ClientContext, barcode: string): Promise<void> {
  const m = await ctx.client.deleteMedium(await libraryOf(ctx), barcode);
  if (ctx.output.json) return writeJson(ctx.output, m);
  writeLine(ctx.output, `${m.barcode ?? m.id} deleted from the catalog of library ${m.libraryName}`);
}

function yesNo(text: string | undefined, name: string): boolean | undefined {
  if (text === undefined) return undefined;
  if (/^(yes|y|true|on)$/i.test(text)) return true;
  if (/^(no|n|false|off)$/i.test(text)) return false;
  throw new UsageError(`${name} takes yes or no, not '${text}'`);
}

export interface PoolPolicyOptions {
  readonly fromScratch?: string;
  readonly toScratch?: string;
  readonly maxAllocations?: string;
}

/** `changer pools set <name> [--from-scratch yes|no] [--to-scratch yes|no] [--max-allocations N|none]`. */
export async function setPoolPolicyCommand(ctx: ClientContext, name: string, options: PoolPolicyOptions): Promise<void> {
  const allocateFromScratch = yesNo(options.fromScratch, '--from-scratch');
  const deallocateToScratch = yesNo(options.toScratch, '--to-scratch');
  const maxAllocations = options.maxAllocations === undefined ? undefined : /^none$/i.test(options.maxAllocations) ? null : optionalInteger(options.maxAllocations, '--max-allocations', 1);
  if (allocateFromScratch === undefined && deallocateToScratch === undefined && maxAllocations === undefined) {
    throw new UsageError('say what to change: --from-scratch yes|no, --to-scratch yes|no, --max-allocations N|none');
  }
  const pool = await ctx.client.setPoolPolicy(name, {
    ...(allocateFromScratch !== undefined ? { allocateFromScratch } : {}),
    ...(deallocateToScratch !== undefined ? { deallocateToScratch } : {}),
    ...(maxAllocations !== undefined ? { maxAllocations } : {}),
  });
  if (ctx.output.json) return writeJson(ctx.output, pool);
  const yes = (b: boolean): string => (b ? 'yes' : 'no');
  writeLine(ctx.output, `pool ${pool.name}: from scratch ${yes(pool.allocateFromScratch)}, to scratch ${yes(pool.deallocateToScratch)}, max allocations ${pool.maxAllocations ?? 'none'}`);
}

/** `changer pools delete <name>`: DeleteNtmsMediaPool (an empty application pool only). */
export async function deletePoolCommand(ctx: ClientContext, name: string): Promise<void> {
  const pool = await ctx.client.deletePool(name);
  if (ctx.output.json) return writeJson(ctx.output, pool);
  writeLine(ctx.output, `pool ${pool.name} deleted`);
}

const DAY_MS = 86_400_000;

/** `2026-12-01`, `2026-12-01T08:00:00Z` or `7d` (days ago) as epoch ms. */
export function timeOption(text: string | undefined, name: string, now = Date.now()): number | undefined {
  if (text === undefined) return undefined;
  const days = /^(\d+)d$/.exec(text.trim());
  if (days !== null) return now - Number(days[1]) * DAY_MS;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new UsageError(`${name} takes a date (2026-12-01), a time (2026-12-01T08:00:00Z) or days ago (7d), not '${text}'`);
  return at;
}

export interface MediaFilterOptions {
  readonly state?: string;
  readonly sideState?: string;
  readonly mediaType?: string;
  readonly mountedSince?: string;
  readonly mountedBefore?: string;
}

/** `media ls` filters beyond pool, location and barcode, checked before anything is sent. */
export function mediaFilters(o: MediaFilterOptions): Pick<MediaQuery, 'states' | 'sideStates' | 'mediaType' | 'mountedSince' | 'mountedBefore'> {
  const states = wordList(o.state, '--state', MEDIUM_STATES);
  const sideStates = wordList(o.sideState, '--side-state', SIDE_STATES);
  const mountedSince = timeOption(o.mountedSince, '--mounted-since');
  const mountedBefore = timeOption(o.mountedBefore, '--mounted-before');
  return {
    ...(states !== undefined ? { states } : {}),
    ...(sideStates !== undefined ? { sideStates } : {}),
    ...(o.mediaType !== undefined ? { mediaType: o.mediaType } : {}),
    ...(mountedSince !== undefined ? { mountedSince } : {}),
    ...(mountedBefore !== undefined ? { mountedBefore } : {}),
  };
}
