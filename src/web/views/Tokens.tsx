// Admins: the API's tokens — list, create (the secret is shown once, here), revoke.
import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../store.ts';
import { ROLES, type ApiToken, type Role } from '../types.ts';
import { Action } from './common.tsx';

export function Tokens({ store }: { readonly store: Store }) {
  const [tokens, setTokens] = useState<readonly ApiToken[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reader');
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const load = () => store.api.get<ApiToken[]>('/v1/tokens').then(setTokens);
  useEffect(() => void store.guard(load), [store]);
  return (
    <section aria-label="Tokens">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label>
          Name <input name="token-name" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" />
        </label>
        <label>
          Role{' '}
          <select name="token-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <Action store={store} role="admin" run={() => store.api.post<{ token: string }>('/v1/tokens', { name, role }).then((issued) => (setSecret(issued.token), load()))}>
          Create token
        </Action>
      </form>
      {secret === undefined ? null : (
        <p class="notice">
          The new token (shown this once; copy it now): <code>{secret}</code>
        </p>
      )}
      <table class="list">
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.role}</td>
              <td>
                <Action store={store} role="admin" run={() => store.api.delete(`/v1/tokens/${encodeURIComponent(t.id)}`).then(load)}>
                  Revoke
                </Action>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
