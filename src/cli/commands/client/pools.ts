import type { Pool } from '../../../rsm/catalog/index.ts';
import { writeJson, writeLine } from '../../output.ts';
import { UsageError } from '../../usageError.ts';
import { optionalInteger } from './arguments.ts';
import type { ClientContext } from './clientContext.ts';
import { writeTable } from './table.ts';

/** `changer pools`: every pool, system and application, with its parent's name. */
export async function poolsCommand(ctx: ClientContext): Promise<void> {
  const pools = await ctx.client.pools();
  if (ctx.output.json) return writeJson(ctx.output, pools);
  const names = new Map(pools.map((p) => [p.id, p.name]));
  writeTable(ctx.output, ['POOL', 'TYPE', 'MEDIA TYPE', 'PARENT', 'FROM SCRATCH', 'TO SCRATCH', 'MAX ALLOCATIONS'], pools.map((p) => [
    p.name, p.type, p.mediaType ?? '(any)', p.parentId === null ? '' : (names.get(p.parentId) ?? p.parentId), yes(p.allocateFromScratch), yes(p.deallocateToScratch),
    p.maxAllocations ?? '',
  ]));
}

const yes = (b: boolean): string => (b ? 'yes' : 'no');

export interface CreatePoolOptions {
  readonly mediaType?: string;
  readonly parent?: string;
  readonly scratch?: boolean;
  readonly maxAllocations?: string;
}

/** `changer pools create <name> --media-type T`: an application pool, as NTMS creates them. */
export async function createPoolCommand(ctx: ClientContext, name: string, options: CreatePoolOptions): Promise<Pool> {
  if (options.mediaType === undefined) throw new UsageError('a pool needs its media type: --media-type <type> (e.g. LTO-8; see changer media ls)');
  const pool = await ctx.client.createPool({
    name,
    mediaType: options.mediaType,
    ...(options.parent !== undefined ? { parent: options.parent } : {}),
    allocateFromScratch: options.scratch !== false,
    deallocateToScratch: options.scratch !== false,
    maxAllocations: optionalInteger(options.maxAllocations, '--max-allocations', 1) ?? null,
  });
  if (ctx.output.json) writeJson(ctx.output, pool);
  else writeLine(ctx.output, `pool ${pool.name} created (${pool.mediaType ?? 'any media type'})`);
  return pool;
}
