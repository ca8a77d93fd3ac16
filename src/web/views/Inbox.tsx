// The operator's inbox: open requests first, each with what to do in plain words, the element it
// is about outlined on the map, and acknowledge / complete / refuse for an operator.
import { age } from '../format.ts';
import type { Store } from '../store.ts';
import type { OperatorRequest } from '../types.ts';
import { Action, placeOfRequest } from './common.tsx';

const OPEN = new Set(['submitted', 'acknowledged']);

function order(a: OperatorRequest, b: OperatorRequest): number {
  const open = Number(OPEN.has(b.state)) - Number(OPEN.has(a.state));
  return open !== 0 ? open : b.id - a.id;
}

export function Inbox({ store, showOnMap }: { readonly store: Store; readonly showOnMap: (place: string) => void }) {
  const list = [...store.operatorRequests].sort(order);
  const now = Date.now();
  const answer = (request: OperatorRequest, verb: 'acknowledge' | 'complete' | 'refuse') => () =>
    store.api.post(`/v1/operator-requests/${request.id}/${verb}`).then(() => store.loadOperatorRequests());
  if (list.length === 0) return <p class="muted">No operator requests.</p>;
  return (
    <section aria-label="Operator inbox">
      <ul class="inbox">
        {list.map((r) => {
          const place = placeOfRequest(store, r);
          return (
            <li key={r.id} class={`operator-request ${r.state}`} data-operator-request={r.id} data-state={r.state}>
              <p class="message">{r.message}</p>
              <p class="muted">
                #{r.id} · {r.kind} · {r.state} · {age(r.submittedAt, now)} ago
                {r.barcode === null ? '' : ` · ${r.barcode}`}
                {r.resolvedBy === null ? '' : ` · by ${r.resolvedBy}`}
              </p>
              {OPEN.has(r.state) ? (
                <div class="buttons">
                  {place === undefined ? null : (
                    <button type="button" onClick={() => showOnMap(place)}>
                      Show on map
                    </button>
                  )}
                  {r.state === 'submitted' ? (
                    <Action store={store} role="operator" run={answer(r, 'acknowledge')} done={`Request ${r.id} acknowledged.`}>
                      Acknowledge
                    </Action>
                  ) : null}
                  <Action store={store} role="operator" run={answer(r, 'complete')} done={`Request ${r.id} completed.`}>
                    Complete
                  </Action>
                  <Action store={store} role="operator" run={answer(r, 'refuse')} done={`Request ${r.id} refused.`}>
                    Refuse
                  </Action>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
