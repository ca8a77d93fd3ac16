import { writeJson, writeLine } from '../../output.ts';
import { UsageError } from '../../usageError.ts';
import { secondsOption } from './arguments.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';
import { followRequest } from './followRequest.ts';

export interface InjectOptions {
  readonly via?: string;
  readonly pool?: string;
  readonly timeout?: string;
  readonly wait?: boolean;
}

function viaOption(text: string | undefined): 'mailslot' | 'door' | undefined {
  if (text === undefined || text === 'mailslot' || text === 'door') return text;
  throw new UsageError(`--via takes mailslot or door, not '${text}'`);
}

/** `changer media inject`: take in what the operator put in the mailslot (or behind the door). */
export async function injectCommand(ctx: ClientContext, options: InjectOptions): Promise<void> {
  const via = viaOption(options.via);
  const timeoutMs = secondsOption(options.timeout, '--timeout');
  const library = await libraryOf(ctx);
  const submitted = await ctx.client.inject({ library, via, ...(options.pool !== undefined ? { pool: options.pool } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  await followRequest(ctx, submitted, { wait: options.wait !== false, done: (r) => `media injected into library ${r.libraryName}` });
}

/** `changer media eject <barcode…>`: hand media out through the mailslot (or the door). */
export async function ejectCommand(ctx: ClientContext, barcodes: readonly string[], options: { via?: string; timeout?: string; wait?: boolean }): Promise<void> {
  if (barcodes.length === 0) throw new UsageError('name the media to eject (barcodes)');
  const via = viaOption(options.via);
  const timeoutMs = secondsOption(options.timeout, '--timeout');
  const library = await libraryOf(ctx);
  const submitted = await ctx.client.eject({ library, barcodes, via, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  await followRequest(ctx, submitted, { wait: options.wait !== false, done: (r) => `${barcodes.join(', ')} ejected from library ${r.libraryName}` });
}

/**
 * `changer mailslot close` through the manager: the library closes it where it accepts the
 * command; where only the operator can, the manager raises an operator request to close it.
 */
export async function closeMailslotCommand(ctx: ClientContext): Promise<void> {
  const library = await libraryOf(ctx);
  const closing = await ctx.client.closeMailslot(library);
  if (ctx.output.json) return writeJson(ctx.output, closing);
  if (closing.state === 'closed') writeLine(ctx.output, `the mailslot of library ${library} is closed`);
  else writeLine(ctx.output, `library ${library} does not let a host close its mailslot; operator request ${String(closing.operatorRequest?.id)} asks the operator to close it`);
}
