// The operations half of the NTMS contract on the command line: writing to the operator, telling
// the manager a drive needs cleaning, the queue order and purging finished requests, taking a
// library, drive or medium out of service and naming it.
import { OPERATOR_REQUEST_KINDS, type OperatorRequestKind } from '../../../rsm/catalog/index.ts';
import type { ObjectRef, ObjectState, QueuePosition, QueuedRequest } from '../../../rsm/operationsContract.ts';
import type { RequestView } from '../../../rsm/service.ts';
import { RequestNotCompleted } from '../../client/requestOutcome.ts';
import { writeJson, writeLine } from '../../output.ts';
import { startProgress } from '../../progress.ts';
import { UsageError } from '../../usageError.ts';
import { driveNumber, idArgument, wordList } from './arguments.ts';
import { libraryOf, type ClientContext } from './clientContext.ts';
import { writeTable } from './table.ts';

const time = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `changer operator submit <message...> [--kind k]`: SubmitNtmsOperatorRequest. */
export async function operatorSubmitCommand(ctx: ClientContext, words: readonly string[], kindText?: string): Promise<void> {
  const message = words.join(' ').trim();
  if (message === '') throw new UsageError('write the message for the operator: changer operator submit <message...>');
  const kind: OperatorRequestKind | undefined = wordList(kindText, 'kind', OPERATOR_REQUEST_KINDS)?.[0];
  const sent = await ctx.client.submitOperatorRequest({ ...(ctx.libraryOption !== undefined ? { library: ctx.libraryOption } : {}), ...(kind !== undefined ? { kind } : {}), message });
  if (ctx.output.json) return writeJson(ctx.output, sent);
  writeLine(ctx.output, `operator request ${sent.id} (${sent.kind}) submitted: ${sent.message}`);
}

function driveArgument(text: string): number {
  const drive = driveNumber(text);
  if (drive === undefined) throw new UsageError(`'${text}' is not a drive: write drive:N (drives count from 0)`);
  return drive;
}

/** `changer needs-cleaning <drive>`: the drive is marked and a cleaning queued unless one is. */
export async function needsCleaningCommand(ctx: ClientContext, driveText: string): Promise<void> {
  const library = await libraryOf(ctx);
  const report = await ctx.client.reportDriveNeedsCleaning(library, driveArgument(driveText));
  if (ctx.output.json) return writeJson(ctx.output, report);
  writeLine(ctx.output, report.request === null
    ? `drive:${report.drive} marked as needing cleaning; a cleaning was already queued`
    : `drive:${report.drive} marked as needing cleaning; cleaning queued as request ${report.request.id}`);
}

/** `library`, `drive:N` or `medium:BARCODE`. */
export async function objectArgument(ctx: ClientContext, text: string): Promise<ObjectRef> {
  const library = await libraryOf(ctx);
  if (text === 'library') return { type: 'library', library };
  if (/^drive:/i.test(text)) return { type: 'drive', library, drive: driveArgument(text) };
  const medium = /^medium:(.+)$/i.exec(text);
  if (medium?.[1] !== undefined) return { type: 'medium', library, barcode: medium[1] };
  throw new UsageError(`'${text}' is not an object: write library, drive:N or medium:BARCODE`);
}

function describeState(o: ObjectState): string {
  const what = o.type === 'library' ? `library ${o.library}` : o.type === 'drive' ? `drive:${String(o.key)}` : `medium ${String(o.key)}`;
  const state = o.enabled ? 'enabled' : `disabled${o.disabledReason !== null ? `: ${o.disabledReason}` : ''}`;
  const named = [
    o.name !== null ? `name '${o.name}'` : null,
    o.description !== null ? `description '${o.description}'` : null,
    o.deferDismountSeconds !== null ? `deferred dismount ${o.deferDismountSeconds} s` : null,
  ].filter((x) => x !== null);
  return `${what} ${state}${named.length > 0 ? `; ${named.join(', ')}` : ''}`;
}

/** `changer enable|disable <object> [reason...]`: Enable/DisableNtmsObject. */
export async function enableCommand(ctx: ClientContext, enabled: boolean, objectText: string, reason: readonly string[]): Promise<void> {
  const object = await objectArgument(ctx, objectText);
  const why = reason.join(' ').trim();
  const state = await ctx.client.setObjectEnabled(object, enabled, why === '' ? undefined : why);
  if (ctx.output.json) return writeJson(ctx.output, state);
  writeLine(ctx.output, describeState(state));
}

/** `changer describe <object> [--name n] [--description d]`: SetNtmsObjectInformation; without options it shows them. */
export async function describeCommand(ctx: ClientContext, objectText: string, options: { name?: string; description?: string; deferDismount?: string }): Promise<void> {
  const object = await objectArgument(ctx, objectText);
  if (object.type === 'library' && options.name !== undefined) throw new UsageError('a library keeps its name (it is in every URL); set --description');
  if (object.type !== 'drive' && options.deferDismount !== undefined) throw new UsageError('--defer-dismount is a drive\'s setting: describe drive:N --defer-dismount <seconds>');
  const defer = options.deferDismount === undefined ? undefined : options.deferDismount === 'default' ? null : Number(options.deferDismount);
  if (defer !== undefined && defer !== null && (!Number.isFinite(defer) || defer < 0 || options.deferDismount?.trim() === '')) throw new UsageError(`--defer-dismount takes seconds (0: off) or 'default', not '${options.deferDismount ?? ''}'`);
  const change = {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(defer !== undefined ? { deferDismountSeconds: defer } : {}),
  };
  const state = Object.keys(change).length === 0 ? await ctx.client.objectState(object) : await ctx.client.describeObject(object, change);
  if (ctx.output.json) return writeJson(ctx.output, state);
  writeLine(ctx.output, describeState(state));
}

function printQueue(ctx: ClientContext, queue: readonly QueuedRequest[]): void {
  if (ctx.output.json) return writeJson(ctx.output, queue);
  writeTable(ctx.output, ['ORDER', 'ID', 'KIND', 'STATE', 'PRIORITY', 'EFFECTIVE', 'DRIVE', 'SUBMITTED'], queue.map((q) => [
    q.order, q.id, q.kind, q.state, q.priority, q.effectivePriority, q.drive, time(q.submittedAt),
  ]));
  writeLine(ctx.output, `${queue.length} requests not finished`);
}

/** `changer requests queue`: GetNtmsRequestOrder. */
export async function queueCommand(ctx: ClientContext): Promise<void> {
  printQueue(ctx, await ctx.client.requestQueue(await libraryOf(ctx)));
}

/** `changer requests front|back <id>`: SetNtmsRequestOrder. */
export async function reorderCommand(ctx: ClientContext, position: QueuePosition, idText: string): Promise<void> {
  printQueue(ctx, await ctx.client.reorderRequest(idArgument(idText, 'request id'), position));
}

/** `changer requests purge --older-than <days>`. */
export async function purgeCommand(ctx: ClientContext, days: string | undefined): Promise<void> {
  if (days === undefined) throw new UsageError('say how old: changer requests purge --older-than <days> (0: every finished request)');
  const n = Number(days);
  if (!Number.isFinite(n) || n < 0 || days.trim() === '') throw new UsageError(`--older-than must be a number of days (0 or more), not '${days}'`);
  const result = await ctx.client.purgeRequests(n, ctx.libraryOption);
  if (ctx.output.json) return writeJson(ctx.output, result);
  writeLine(ctx.output, `${result.deleted} finished requests deleted (finished before ${time(result.before)})`);
}

/** How long one chunk of an audit may take before the command stops waiting for it. */
const AUDIT_CHUNK_WAIT_MS = 600_000;
/** An audit is sent in at most this many requests, so the bar moves on a big range. */
const AUDIT_STEPS = 20;

/** `slot:3-slot:10`, `slot:3-10`, `3-10` or `slot:3`: display numbers, as changer status and media ls show them. */
export function slotRangeArgument(text: string): { readonly first: number; readonly last: number } {
  const m = /^(?:slot:)?(\d+)(?:-(?:slot:)?(\d+))?$/i.exec(text.trim());
  if (m?.[1] === undefined) throw new UsageError(`'${text}' is not a range of slots: write slot:FIRST-slot:LAST (the numbers media ls shows), e.g. slot:3-slot:10`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (last < first) throw new UsageError(`'${text}': the last slot comes before the first`);
  return { first, last };
}

/**
 * `changer audit slot:A-slot:B`: the manager rescans and reads those slots and reconciles its
 * catalog (ACSLS audit). Sent in up to 20 consecutive requests so the progress bar counts slots;
 * prints what was found: full, empty, and each slot the catalog had wrong.
 */
export async function auditCommand(ctx: ClientContext, rangeText: string): Promise<void> {
  const { first, last } = slotRangeArgument(rangeText);
  const library = await libraryOf(ctx);
  const slots = (await ctx.client.library(library)).elements.filter((e) => e.type === 'slot');
  const indexOf = (display: number): number => {
    const slot = slots.find((e) => e.displayNumber === display);
    if (slot === undefined) throw new UsageError(`library ${library} has no slot:${display} (its slots are slot:${Math.min(...slots.map((e) => e.displayNumber))} to slot:${Math.max(...slots.map((e) => e.displayNumber))})`);
    return slot.index;
  };
  const from = indexOf(first);
  const to = indexOf(last);
  const count = to - from + 1;
  const size = Math.max(1, Math.ceil(count / AUDIT_STEPS));
  const progress = await startProgress(ctx.output, count, `audit of slot:${first}-slot:${last}`);
  const done: RequestView[] = [];
  try {
    for (let start = from; start <= to; start += size) {
      const end = Math.min(to, start + size - 1);
      const r = await ctx.client.auditSlots({ library, from: start, to: end }, AUDIT_CHUNK_WAIT_MS);
      if (r.state !== 'completed') throw new RequestNotCompleted(r);
      done.push(r);
      progress.update(end - from + 1, `slot:${slots.find((e) => e.index === end)?.displayNumber ?? end + 1}`);
    }
  } finally {
    progress.stop();
  }
  if (ctx.output.json) return writeJson(ctx.output, done);
  let full = 0;
  let empty = 0;
  const corrected: string[] = [];
  for (const r of done) {
    const note = r.history.at(-1)?.note ?? '';
    const counts = /: (\d+) full, (\d+) empty/.exec(note);
    full += Number(counts?.[1] ?? 0);
    empty += Number(counts?.[2] ?? 0);
    const fixes = /; corrected: (.*)$/.exec(note)?.[1];
    if (fixes !== undefined) corrected.push(...fixes.split('; '));
  }
  writeLine(ctx.output, `audit of slot:${first}-slot:${last} (library ${library}): ${full} full, ${empty} empty; ${corrected.length === 0 ? 'the catalog was right' : `corrected ${corrected.length}:`}`);
  for (const fix of corrected) writeLine(ctx.output, `  ${fix}`);
}
