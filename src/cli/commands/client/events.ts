import type { ManagerEvent, ManagerEventType } from '../../../rsm/events.ts';
import { isManagerError } from '../../client/managerError.ts';
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

/** Waits between attempts to reach a manager that went away: short at first, then at most this. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

/**
 * `changer events`: follow the manager's event stream, one line per event (one JSON document per
 * line with --json), until Ctrl-C or --count events. When the stream breaks (the manager restarts,
 * the network drops) it says so in one line on stderr and reconnects with Last-Event-ID, so the
 * manager replays what came after the last event shown: nothing is lost and nothing shown twice.
 */
export async function eventsCommand(ctx: ClientContext, options: EventsOptions): Promise<void> {
  const types = wordList(options.type, 'event type', EVENT_TYPES);
  const count = optionalInteger(options.count, '--count', 1);
  let lastSeq = optionalInteger(options.since, '--since', 0);
  let seen = 0;
  // Events at or below this id were shown already (a server that replays more than asked shows none twice).
  let shown = lastSeq ?? 0;
  // The last event received, asked for again on reconnecting: the same manager sends it back as it
  // was; a restarted one numbers from #1 again and sends another (or, not that far yet, a resync).
  let last: ManagerEvent | undefined;
  const restarted = (): void => {
    shown = 0;
    lastSeq = 0;
    last = undefined;
    ctx.output.err.write('changer: the manager restarted; its events are numbered from #1 again\n');
  };
  for (let retryMs = FIRST_RETRY_MS; ; retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)) {
    let check = last;
    let otherManager = false;
    const connection = new AbortController();
    const onNotice = (name: string, data: unknown): void => {
      // stdout stays one event per line; the notice is for the person (or log) watching.
      if (name !== 'resync') return;
      check = undefined;
      const { lastEventId, latest } = data as { lastEventId?: number | null; latest?: number };
      // A new manager process that has not reached our id yet replays all it has: nothing was missed.
      if (typeof lastEventId === 'number' && typeof latest === 'number' && lastEventId > latest) restarted();
      else ctx.output.err.write(`changer: some events were missed before these (the manager keeps only the latest); reload what you follow ${JSON.stringify(data)}\n`);
    };
    const from = check !== undefined ? check.seq - 1 : lastSeq;
    let lost: unknown;
    try {
      for await (const event of ctx.client.events({ signal: connection.signal, onNotice, ...(from !== undefined ? { lastEventId: from } : {}) })) {
        retryMs = FIRST_RETRY_MS;
        if (check !== undefined) {
          otherManager = event.seq !== check.seq || event.at !== check.at || event.type !== check.type;
          check = undefined;
          if (otherManager) break;
          continue;
        }
        if (event.seq <= shown) continue;
        shown = lastSeq = event.seq;
        last = event;
        if (types !== undefined && !types.includes(event.type)) continue;
        if (ctx.libraryOption !== undefined && event.library !== ctx.libraryOption) continue;
        if (ctx.output.json) ctx.output.out.write(JSON.stringify(event) + '\n');
        else writeLine(ctx.output, eventLine(event));
        if (count !== undefined && ++seen >= count) return;
      }
    } catch (error) {
      if (!isTransient(error)) throw error;
      lost = error;
    } finally {
      connection.abort();
    }
    if (otherManager) {
      // Already past our id: ask the new process for everything it has, at once.
      restarted();
      continue;
    }
    if (retryMs === FIRST_RETRY_MS) ctx.output.err.write(`changer: the event stream from ${ctx.client.server} ${lost === undefined ? 'ended' : `broke (${(lost as Error).message})`}; reconnecting${lastSeq === undefined ? '' : ` after event #${lastSeq}`} until interrupted\n`);
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

/** A manager that is not there (restarting, network down) or shutting down: worth trying again. */
function isTransient(error: unknown): boolean {
  return isManagerError(error) && (error.kind === 'unreachable' || error.status === 503);
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
