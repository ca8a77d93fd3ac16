// Media pools: the list for everyone; an admin creates one (a name and the cartridge type it holds).
import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../store.ts';
import { Action } from './common.tsx';

interface Pool {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly mediaType: string | null;
  readonly maxAllocations: number | null;
}

export function Pools({ store }: { readonly store: Store }) {
  const [pools, setPools] = useState<readonly Pool[]>([]);
  const [name, setName] = useState('');
  const [mediaType, setMediaType] = useState('LTO-8');
  const load = () => store.api.get<Pool[]>('/v1/pools').then(setPools);
  useEffect(() => void store.guard(load), [store]);
  return (
    <section aria-label="Pools">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
        <Action store={store} role="admin" run={() => store.api.post('/v1/pools', { name, mediaType }).then(load)} done={`Pool ${name} created.`}>
          Create pool
        </Action>
        {store.session.role === 'admin' ? (
          <>
            <label>
              Name <input name="pool-name" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" />
            </label>
            <label>
              Media type <input name="pool-media-type" value={mediaType} onInput={(e) => setMediaType(e.currentTarget.value)} autocomplete="off" />
            </label>
          </>
        ) : null}
      </form>
      <table class="list">
        <thead>
          <tr>
            <th>Pool</th>
            <th>Kind</th>
            <th>Media type</th>
            <th>Most allocations</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{p.type}</td>
              <td>{p.mediaType ?? '—'}</td>
              <td>{p.maxAllocations ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
