import { driveNumber, secondsOption } from './arguments.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';
import { followRequest } from './followRequest.ts';
import { priorityOption } from './mounts.ts';
import { UsageError } from '../../usageError.ts';

/**
 * `changer inventory --server …`: the manager's inventory (fast: barcodes; --full: also identify
 * unlabelled media) and its reconciliation of the catalog, instead of the direct changer's.
 */
export async function managerInventoryCommand(ctx: ClientContext, options: { full?: boolean; wait?: boolean }): Promise<void> {
  const library = await libraryOf(ctx);
  const mode = options.full === true ? 'full' : 'fast';
  const submitted = await ctx.client.inventory({ library, mode });
  await followRequest(ctx, submitted, { wait: options.wait !== false, done: (r) => `${mode} inventory of library ${r.libraryName}` });
}

/** `changer clean <drive>`: a cleaning request for one drive (the manager picks the cleaner). */
export async function cleanCommand(ctx: ClientContext, driveText: string, options: { priority?: string; timeout?: string; wait?: boolean }): Promise<void> {
  const drive = driveNumber(driveText);
  if (drive === undefined) throw new UsageError(`clean takes a drive number (0, drive:0, d0), not '${driveText}'`);
  const priority = priorityOption(options.priority);
  const timeoutMs = secondsOption(options.timeout, '--timeout');
  const library = await libraryOf(ctx);
  const submitted = await ctx.client.clean({ library, drive, priority, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  await followRequest(ctx, submitted, { wait: options.wait !== false, done: (r) => `drive ${drive} cleaned (library ${r.libraryName})` });
}
