// The request queue: every request with kind, priority, state and its history, age and who asked;
// cancel while it is not finished (the manager decides whose: own requests, any for an operator).
import { useState } from 'preact/hooks';
import { age, clock } from '../format.ts';
import type { Store } from '../store.ts';
import { Action } from './common.tsx';

const FILTERS: Readonly<Record<string, readonly string[] | undefined>> = {
  all: undefined,
  open: ['queued', 'waiting', 'in-progress'],
  queued: ['queued'],
  waiting: ['waiting'],
  'in-progress': ['in-progress'],
  completed: ['completed'],
  failed: ['failed', 'timed-out'],
  cancelled: ['cancelled'],
};
const FINISHED = new Set(['completed', 'failed', 'cancelled', 'timed-out']);

export function Queue({ store }: { readonly store: Store }) {
  const [filter, setFilter] = useState('all');
  const states = FILTERS[filter];
  const shown = store.requests.filter((r) => states === undefined || states.includes(r.state));
  const now = Date.now();
  return (
    <section aria-label="Request queue">
      <div class="toolbar">
        <label>
          State{' '}
          <select name="state" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            {Object.keys(FILTERS).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <span class="muted">{shown.length} requests</span>
      </div>
      <table class="list requests">
        <thead>
          <tr>
            <th>#</th>
            <th>Kind</th>
            <th>Medium</th>
            <th>Drive</th>
            <th>Priority</th>
            <th>State</th>
            <th>Age</th>
            <th>Asked by</th>
            <th>History</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-request={r.id} data-state={r.state}>
              <td>{r.id}</td>
              <td>{r.kind}</td>
              <td>{r.barcode ?? '—'}</td>
              <td>{r.driveIndex ?? '—'}</td>
              <td>{r.priority}</td>
              <td class={`state ${r.state}`}>
                {r.state}
                {r.errorMessage === null ? '' : `: ${r.errorMessage}`}
              </td>
              <td>{age(r.submittedAt, now)}</td>
              <td>{[...new Set([r.application, r.user].filter((w) => w !== null))].join(' / ') || '—'}</td>
              <td>
                <details>
                  <summary>{r.history.length} steps</summary>
                  <ol>
                    {r.history.map((h, i) => (
                      <li key={i}>
                        {clock(h.at)} {h.state}
                        {h.note === null ? '' : ` — ${h.note}`}
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
              <td>
                {FINISHED.has(r.state) ? null : (
                  <Action store={store} role="application" label={`Cancel request ${r.id}`} done={`Request ${r.id} cancelled.`} run={() => store.api.post(`/v1/requests/${r.id}/cancel`).then(() => store.loadRequests())}>
                    Cancel
                  </Action>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
