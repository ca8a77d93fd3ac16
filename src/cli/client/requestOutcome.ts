import { FINISHED_REQUEST_STATES, type RequestState } from '../../rsm/catalog/index.ts';
import type { RequestView } from '../../rsm/service.ts';

export function isFinished(state: RequestState): boolean {
  return FINISHED_REQUEST_STATES.includes(state);
}

/** What a request was about, for messages: "mount A00001L8", "dismount drive 0", "inventory". */
export function describeRequest(r: RequestView): string {
  const parts: string[] = [r.kind];
  if (r.barcode !== null) parts.push(r.barcode);
  if (r.driveIndex !== null) parts.push(`${r.barcode !== null ? 'in ' : ''}drive ${r.driveIndex}`);
  return parts.join(' ');
}

/**
 * A request the manager finished without doing it (failed, timed out, cancelled). Thrown by the
 * commands that wait, so the CLI prints why and exits non-zero (clientFailure.ts).
 */
export class RequestNotCompleted extends Error {
  override readonly name = 'RequestNotCompleted';

  constructor(readonly request: RequestView) {
    super(notCompletedText(request));
  }
}

function notCompletedText(r: RequestView): string {
  const what = `request ${r.id} (${describeRequest(r)})`;
  const lastNote = [...r.history].reverse().find((h) => h.note !== null)?.note ?? null;
  switch (r.state) {
    case 'timed-out':
      return `${what} timed out before the manager could do it${lastNote === null ? '' : ` (${lastNote})`}`;
    case 'cancelled':
      return `${what} was cancelled${lastNote === null ? '' : ` (${lastNote})`}`;
    default:
      return `${what} ${r.state}: ${r.errorMessage ?? lastNote ?? r.errorCode ?? 'no reason given'}`;
  }
}
