import type { ManagerEvent, ManagerEventType } from '../../../rsm/events.ts';
import { ManagerError } from '../../client/managerError.ts';
import { writeLine } from '../../output.ts';
import { optionalInteger, wordList } from './arguments.ts';
import type { ClientContext } from './clientContext.ts';

const EVENT_TYPES: readonly ManagerEventType[] = ['request', 'medium', 'drive', 'element', 'operator-request', 'library'];

export interface EventsOptions {
  readonly type?: string;
  /** Stop after this many events (those that pass the filters). */
  readonly count?: string;
  /** Replay from the manager's buffer: the events after this sequence number. */
  readonly since?: string;
}

/**
 * `changer events`: follow the manager's event stream, one line per event (one JSON document per
 * line with --json), until Ctrl-C, --count events, or the manager closes the stream.
 */
export async function eventsCommand(ctx: ClientContext, options: EventsOptions): Promise<void> {
  const types = wordList(options.type, 'event type', EVENT_TYPES);
  const count = optionalInteger(options.count, '--count', 1);
  const since = optionalInteger(options.since, '--since', 0);
  const abort = new AbortController();
  let seen = 0;
  const onNotice = (name: string, data: unknown): void => {
    // stdout stays one event per line; the notice is for the person (or log) watching.
    if (name === 'resync') ctx.output.err.write(`changer: some events were missed before these (the manager keeps only the latest); reload what you follow ${JSON.stringify(data)}\n`);
  };
  for await (const event of ctx.client.events({ signal: abort.signal, onNotice, ...(since !== undefined ? { lastEventId: since } : {}) })) {
    if (types !== undefined && !types.includes(event.type)) continue;
    if (ctx.libraryOption !== undefined && event.library !== ctx.libraryOption) continue;
    if (ctx.output.json) ctx.output.out.write(JSON.stringify(event) + '\n');
    else writeLine(ctx.output, eventLine(event));
    if (count !== undefined && ++seen >= count) {
      abort.abort();
      return;
    }
  }
  throw new ManagerError({ kind: 'unreachable', code: 'UNREACHABLE', status: 0, detail: 'the event stream ended', server: ctx.client.server });
}

/** `2025-01-01T10:00:00.000Z  #12  library-24  request 7 mount queued → in-progress`. */
export function eventLine(e: ManagerEvent): string {
  return `${new Date(e.at).toISOString()}  #${e.seq}  ${e.library ?? '-'}  ${summary(e)}`;
}

function summary(e: ManagerEvent): string {
  switch (e.type) {
    case 'request':
      return `request ${e.request.id} ${e.request.kind} ${e.previous ?? 'new'} → ${e.request.state}${e.request.errorCode === null ? '' : ` [${e.request.errorCode}]`}`;
    case 'medium':
      return `medium ${e.barcode ?? e.mediumId} ${e.state} at ${e.location}`;
    case 'drive':
      return `drive ${e.drive} ${e.state}${e.barcode === null ? '' : ` ${e.barcode}`}`;
    case 'element':
      return `element ${e.element} ${e.state}`;
    case 'operator-request':
      return `operator request ${e.operatorRequest.id} ${e.operatorRequest.kind} ${e.operatorRequest.state}: ${e.operatorRequest.message}`;
    case 'library':
      return `library ${e.state}${e.detail === null ? '' : `: ${e.detail}`}`;
  }
}
