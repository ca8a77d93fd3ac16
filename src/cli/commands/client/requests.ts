import { REQUEST_KINDS, REQUEST_STATES } from '../../../rsm/catalog/index.ts';
import type { RequestView } from '../../../rsm/service.ts';
import { describeRequest } from '../../client/requestOutcome.ts';
import { writeJson, writeLine } from '../../output.ts';
import { idArgument, optionalInteger, wordList } from './arguments.ts';
import type { ClientContext } from './clientContext.ts';
import { followRequest } from './followRequest.ts';
import { writeTable } from './table.ts';

export interface RequestListOptions {
  readonly state?: string;
  readonly kind?: string;
  readonly limit?: string;
}

/** `changer requests [ls]`: the manager's requests, newest as the manager orders them. */
export async function requestListCommand(ctx: ClientContext, options: RequestListOptions): Promise<void> {
  const requests = await ctx.client.requests({
    library: ctx.libraryOption,
    states: wordList(options.state, 'state', REQUEST_STATES),
    kinds: wordList(options.kind, 'kind', REQUEST_KINDS),
    limit: optionalInteger(options.limit, '--limit', 1),
  });
  if (ctx.output.json) return writeJson(ctx.output, requests);
  writeTable(ctx.output, ['ID', 'KIND', 'STATE', 'PRIORITY', 'BARCODE', 'DRIVE', 'LIBRARY', 'BY', 'SUBMITTED', 'ERROR'], requests.map((r) => [
    r.id, r.kind, r.state, r.priority, r.barcode, r.driveIndex, r.libraryName, r.application ?? r.user, time(r.submittedAt), r.errorCode,
  ]));
  writeLine(ctx.output, `${requests.length} requests`);
}

function time(at: number | null): string {
  return at === null ? '' : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `changer requests show <id> [--wait]`: one request with its history; --wait follows it to the end. */
export async function requestShowCommand(ctx: ClientContext, idText: string, options: { wait?: boolean }): Promise<void> {
  const id = idArgument(idText, 'request id');
  const r = await ctx.client.request(id);
  if (options.wait === true) {
    await followRequest(ctx, r, { wait: true });
    return;
  }
  if (ctx.output.json) return writeJson(ctx.output, r);
  printRequest(ctx, r);
}

function printRequest(ctx: ClientContext, r: RequestView): void {
  writeLine(ctx.output, `request ${r.id}: ${describeRequest(r)}, ${r.state}, priority ${r.priority}, library ${r.libraryName}`);
  if (r.application !== null || r.user !== null) writeLine(ctx.output, `asked by ${[r.application, r.user].filter((s) => s !== null).join(' / ')}`);
  if (r.deadlineAt !== null) writeLine(ctx.output, `deadline ${time(r.deadlineAt)}`);
  if (r.errorCode !== null || r.errorMessage !== null) writeLine(ctx.output, `error: ${r.errorMessage ?? ''}${r.errorCode === null ? '' : ` [${r.errorCode}]`}`);
  writeTable(ctx.output, ['AT', 'STATE', 'NOTE'], r.history.map((h) => [time(h.at), h.state, h.note]));
}

/** `changer requests cancel <id>`. */
export async function requestCancelCommand(ctx: ClientContext, idText: string): Promise<void> {
  const r = await ctx.client.cancelRequest(idArgument(idText, 'request id'));
  if (ctx.output.json) return writeJson(ctx.output, r);
  writeLine(ctx.output, `request ${r.id} (${describeRequest(r)}) ${r.state === 'cancelled' ? 'cancelled' : `is ${r.state}; it stops at the next safe point`}`);
}
