import { OPEN_OPERATOR_REQUEST_STATES, OPERATOR_REQUEST_KINDS, OPERATOR_REQUEST_STATES, type OperatorRequest } from '../../../rsm/catalog/index.ts';
import { writeJson, writeLine } from '../../output.ts';
import { idArgument, wordList } from './arguments.ts';
import type { ClientContext } from './clientContext.ts';
import { writeTable } from './table.ts';

/** `changer operator [ls]`: what the manager asks of a person; the open ones unless --state says otherwise. */
export async function operatorListCommand(ctx: ClientContext, options: { state?: string; kind?: string; all?: boolean }): Promise<void> {
  const states = options.all === true ? undefined : (wordList(options.state, 'state', OPERATOR_REQUEST_STATES) ?? [...OPEN_OPERATOR_REQUEST_STATES]);
  const list = await ctx.client.operatorRequests({ library: ctx.libraryOption, states, kinds: wordList(options.kind, 'kind', OPERATOR_REQUEST_KINDS) });
  if (ctx.output.json) return writeJson(ctx.output, list);
  writeTable(ctx.output, ['ID', 'KIND', 'STATE', 'BARCODE', 'DRIVE', 'SUBMITTED', 'MESSAGE'], list.map((o) => [
    o.id, o.kind, o.state, o.barcode, o.driveIndex, new Date(o.submittedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), o.message,
  ]));
  writeLine(ctx.output, `${list.length} operator requests`);
}

export type OperatorAction = 'ack' | 'refuse' | 'complete';

/** `changer operator ack|refuse|complete <id>`. */
export async function operatorActionCommand(ctx: ClientContext, action: OperatorAction, idText: string, reason?: string): Promise<void> {
  const id = idArgument(idText, 'operator request id');
  let o: OperatorRequest;
  if (action === 'ack') o = await ctx.client.acknowledgeOperatorRequest(id);
  else if (action === 'refuse') o = await ctx.client.refuseOperatorRequest(id, reason);
  else o = await ctx.client.completeOperatorRequest(id);
  if (ctx.output.json) return writeJson(ctx.output, o);
  writeLine(ctx.output, `operator request ${o.id} (${o.kind}) ${o.state}${action === 'refuse' && reason !== undefined ? `: ${reason}` : ''}`);
}
