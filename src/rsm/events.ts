// The manager's event stream: one event per change of state a client could care about, in the
// order they happened, so a UI or a backup application can follow requests without polling.
// Served by the API as Server-Sent Events (`event:` = type, `id:` = seq, `data:` = JSON).
import type { LibraryRequest, OperatorRequest, RequestState } from './catalog/index.ts';

interface EventBase {
  /** Increases by one per event of this manager process; SSE `Last-Event-ID` resumes after it. */
  readonly seq: number;
  /** Epoch ms (the manager's clock). */
  readonly at: number;
  readonly library: string | null;
}

export type ManagerEvent =
  | (EventBase & { readonly type: 'request'; readonly request: LibraryRequest; readonly previous: RequestState | null })
  | (EventBase & { readonly type: 'medium'; readonly barcode: string | null; readonly mediumId: string; readonly location: string; readonly state: string })
  | (EventBase & { readonly type: 'drive'; readonly drive: number; readonly state: string; readonly barcode: string | null })
  | (EventBase & { readonly type: 'element'; readonly element: string; readonly state: string })
  | (EventBase & { readonly type: 'operator-request'; readonly operatorRequest: OperatorRequest })
  | (EventBase & { readonly type: 'library'; readonly state: 'online' | 'offline' | 'owned' | 'released' | 'reconciled'; readonly detail: string | null });

export type ManagerEventType = ManagerEvent['type'];

/** Events as they are published, before the bus numbers and stamps them. */
export type ManagerEventInput = ManagerEvent extends infer E ? (E extends ManagerEvent ? Omit<E, 'seq' | 'at'> : never) : never;
