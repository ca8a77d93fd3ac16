// The media catalog of the selected library: search with * and ? wildcards, filter by pool, state
// and location, sort; mount, dismount and eject where the role allows. A medium's page shows its
// counters, on-media label and the requests that touched it.
import { useState } from 'preact/hooks';
import { age, clock, placeWord } from '../format.ts';
import type { Store } from '../store.ts';
import { roleAllows, type Element, type Medium } from '../types.ts';
import { Action } from './common.tsx';

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}`, 'i');
}

export function whereIs(medium: Medium, elements: readonly Element[]): string {
  const { type, index } = medium.location;
  if (type === 'outside' || index === undefined) return 'outside';
  const number = elements.find((e) => e.type === type && e.index === index)?.displayNumber ?? index;
  return `${placeWord(type)} ${number}`;
}

const SORTS: Readonly<Record<string, (a: Medium, b: Medium) => number>> = {
  barcode: (a, b) => (a.barcode ?? '').localeCompare(b.barcode ?? ''),
  location: (a, b) => a.location.type.localeCompare(b.location.type) || (a.location.index ?? 0) - (b.location.index ?? 0),
  mounts: (a, b) => b.mountCount - a.mountCount,
  updated: (a, b) => b.updatedAt - a.updatedAt,
};

function mountActions(store: Store, medium: Medium) {
  const library = medium.libraryName;
  const barcode = medium.barcode;
  if (barcode === null) return null;
  const inDrive = medium.location.type === 'drive';
  return (
    <>
      {inDrive ? (
        <Action store={store} role="application" label={`Dismount ${barcode}`} done={`${barcode}: dismount requested.`} run={() => store.api.post('/v1/dismounts', { library, barcode })}>
          Dismount
        </Action>
      ) : medium.location.type === 'slot' ? (
        <Action store={store} role="application" label={`Mount ${barcode}`} done={`${barcode}: mount requested.`} run={() => store.api.post('/v1/mounts', { library, barcode })}>
          Mount
        </Action>
      ) : null}
      {medium.location.type === 'outside' || inDrive ? null : (
        <Action store={store} role="operator" label={`Eject ${barcode}`} done={`${barcode}: eject requested.`} run={() => store.api.post(`/v1/libraries/${encodeURIComponent(library)}/eject`, { barcodes: [barcode] })}>
          Eject
        </Action>
      )}
    </>
  );
}

export function Media({ store, open }: { readonly store: Store; readonly open: (barcode: string) => void }) {
  const [query, setQuery] = useState('');
  const [pool, setPool] = useState('');
  const [state, setState] = useState('');
  const [location, setLocation] = useState('');
  const [sort, setSort] = useState('barcode');
  const elements = store.detail?.elements ?? [];
  const all = [...store.media.values()];
  const pools = [...new Set(all.map((m) => m.poolName ?? ''))].sort();
  const states = [...new Set(all.map((m) => m.state))].sort();
  const pattern = query.trim() === '' ? undefined : wildcard(query.trim());
  const shown = all
    .filter((m) => (pattern === undefined || pattern.test(m.barcode ?? '')) && (pool === '' || (m.poolName ?? '') === pool) && (state === '' || m.state === state) && (location === '' || m.location.type === location))
    .sort(SORTS[sort]);
  const library = store.library ?? '';
  return (
    <section aria-label="Media catalog">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} role="search">
        <label>
          Barcode <input name="q" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="A0000* or ?00001L8" autocomplete="off" />
        </label>
        <label>
          Pool{' '}
          <select name="pool" value={pool} onChange={(e) => setPool(e.currentTarget.value)}>
            <option value="">any</option>
            {pools.map((p) => (
              <option key={p} value={p}>
                {p === '' ? '(none)' : p}
              </option>
            ))}
          </select>
        </label>
        <label>
          State{' '}
          <select name="state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
            <option value="">any</option>
            {states.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Location{' '}
          <select name="location" value={location} onChange={(e) => setLocation(e.currentTarget.value)}>
            <option value="">any</option>
            <option value="slot">slot</option>
            <option value="drive">drive</option>
            <option value="ieport">mailslot</option>
            <option value="transport">picker</option>
            <option value="outside">outside</option>
          </select>
        </label>
        <label>
          Sort{' '}
          <select name="sort" value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            {Object.keys(SORTS).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <Action store={store} role="operator" done="Inject requested: the manager takes the mailslot's cartridges in." run={() => store.api.post(`/v1/libraries/${encodeURIComponent(library)}/inject`, {})}>
          Inject from mailslot
        </Action>
        <span class="muted">
          {shown.length} of {all.length}
        </span>
      </form>
      <table class="list media">
        <thead>
          <tr>
            <th>Barcode</th>
            <th>Type</th>
            <th>Pool</th>
            <th>State</th>
            <th>Where</th>
            <th>Mounts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.slice(0, 500).map((m) => (
            <tr key={m.id} data-barcode={m.barcode ?? undefined}>
              <td>
                {m.barcode === null ? (
                  '(no label)'
                ) : (
                  <a href={`#media/${encodeURIComponent(m.barcode)}`} onClick={(e) => (e.preventDefault(), open(m.barcode ?? ''))}>
                    {m.barcode}
                  </a>
                )}
              </td>
              <td>{m.mediaType}</td>
              <td>{m.poolName ?? '—'}</td>
              <td>{m.state}</td>
              <td>{whereIs(m, elements)}</td>
              <td>{m.mountCount}</td>
              <td class="buttons">{mountActions(store, m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length > 500 ? <p class="muted">The first 500 are shown; narrow the search to see the others.</p> : null}
    </section>
  );
}

export function MediumPage({ store, barcode }: { readonly store: Store; readonly barcode: string }) {
  const [pool, setPool] = useState('');
  const medium = [...store.media.values()].find((m) => m.barcode === barcode);
  if (medium === undefined) return <p class="muted">No medium {barcode} in {store.library}.</p>;
  const history = store.requests.filter((r) => r.barcode === barcode);
  const label = medium.onMediaLabel;
  return (
    <section aria-label={`Medium ${barcode}`} class="medium">
      <h2>{barcode}</h2>
      <dl>
        <dt>Where</dt>
        <dd>{whereIs(medium, store.detail?.elements ?? [])}</dd>
        <dt>Type</dt>
        <dd>{medium.mediaType}</dd>
        <dt>Pool</dt>
        <dd>{medium.poolName ?? '—'}</dd>
        <dt>State</dt>
        <dd>{medium.state}</dd>
        <dt>Mounts</dt>
        <dd>
          {medium.mountCount}
          {medium.lastMountedAt === null ? '' : `, last ${age(medium.lastMountedAt)} ago`}
        </dd>
        <dt>Errors</dt>
        <dd>{medium.errorCount}</dd>
        <dt>On-media label</dt>
        <dd>{label === null ? 'not read yet (a full inventory reads it)' : `${label.type}${label.id === null ? '' : ` ${label.id}`}, read ${clock(label.readAt)}`}</dd>
      </dl>
      <div class="buttons">{mountActions(store, medium)}</div>
      {roleAllows(store.session.role, 'application') ? (
        <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
          <label>
            Pool <input name="to-pool" value={pool} onInput={(e) => setPool(e.currentTarget.value)} placeholder={medium.poolName ?? ''} autocomplete="off" />
          </label>
          <Action
            store={store}
            role="application"
            done={`${barcode} is in pool ${pool}.`}
            run={() => store.api.post<Medium>(`/v1/libraries/${encodeURIComponent(medium.libraryName)}/media/${encodeURIComponent(barcode)}/pool`, { pool }).then((moved) => store.putMedium(moved))}
          >
            Move to pool
          </Action>
        </form>
      ) : null}
      <h3>Requests</h3>
      {history.length === 0 ? (
        <p class="muted">None among the latest requests.</p>
      ) : (
        <ul>
          {history.map((r) => (
            <li key={r.id}>
              #{r.id} {r.kind} — {r.state} ({clock(r.submittedAt)})
              {r.errorMessage === null ? '' : `: ${r.errorMessage}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
