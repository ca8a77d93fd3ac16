// The page: sign in, then one view at a time chosen by the URL's hash (#map, #queue, #inbox, …),
// with the library picker, the event stream's state and the open operator requests in the header
// and the page title.
import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { describeError } from './api.ts';
import { signIn, signOut, storedSecret, type SignedIn } from './session.ts';
import { Store } from './store.ts';
import { roleAllows } from './types.ts';
import { useStore } from './useStore.ts';
import { placeOfRequest } from './views/common.tsx';
import { Drives } from './views/Drives.tsx';
import { Events } from './views/Events.tsx';
import { FrontPanel } from './views/FrontPanel.tsx';
import { Inbox } from './views/Inbox.tsx';
import { LibraryMap } from './views/LibraryMap.tsx';
import { Media, MediumPage } from './views/Media.tsx';
import { Pools } from './views/Pools.tsx';
import { Queue } from './views/Queue.tsx';
import { Tokens } from './views/Tokens.tsx';

const VIEWS = [
  ['map', 'Map'],
  ['inbox', 'Inbox'],
  ['queue', 'Requests'],
  ['media', 'Media'],
  ['drives', 'Drives'],
  ['panel', 'Front panel'],
  ['events', 'Events'],
  ['pools', 'Pools'],
  ['tokens', 'Tokens'],
] as const;

function currentHash(): string {
  return decodeURIComponent(location.hash.replace(/^#/, '')) || 'map';
}

function useHash(): string {
  const [hash, setHash] = useState(currentHash());
  useEffect(() => {
    const changed = () => setHash(currentHash());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function SignInForm({ onSignedIn }: { readonly onSignedIn: (session: SignedIn) => void }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await signIn(secret.trim()));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <h1>Changer</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} autocomplete="off" required autofocus />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error === undefined ? null : (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <p class="muted">
          The token is kept for this tab only. <code>npm start</code> prints the admin token; <code>changer token create</code> makes others.
        </p>
      </form>
    </main>
  );
}

function Shell({ session, onSignOut }: { readonly session: SignedIn; readonly onSignOut: () => void }) {
  const store = useMemo(() => new Store(session), [session]);
  // A layout effect: loading starts as soon as the shell is committed, not a frame later.
  useLayoutEffect(() => {
    void store.start();
    return () => store.stop();
  }, [store]);
  useStore(store);
  const hash = useHash();
  const open = store.openOperatorRequests;
  useEffect(() => {
    document.title = open.length > 0 ? `(${open.length}) Changer` : 'Changer';
  }, [open.length]);
  // The elements of the open operator requests are outlined on the map until they are answered.
  store.highlight = new Set(open.flatMap((request) => placeOfRequest(store, request) ?? []));

  const [view, ...rest] = hash.split('/');
  const showOnMap = (place: string) => {
    store.focus = place;
    location.hash = 'map';
  };
  let body: ComponentChildren;
  switch (view) {
    case 'inbox':
      body = <Inbox store={store} showOnMap={showOnMap} />;
      break;
    case 'queue':
      body = <Queue store={store} />;
      break;
    case 'media':
      body = rest.length > 0 ? <MediumPage store={store} barcode={rest.join('/')} /> : <Media store={store} open={(barcode) => (location.hash = `media/${encodeURIComponent(barcode)}`)} />;
      break;
    case 'drives':
      body = <Drives store={store} />;
      break;
    case 'panel':
      body = <FrontPanel store={store} />;
      break;
    case 'events':
      body = <Events store={store} />;
      break;
    case 'pools':
      body = <Pools store={store} />;
      break;
    case 'tokens':
      body = roleAllows(session.role, 'admin') ? <Tokens store={store} /> : <p>Tokens are managed by an admin.</p>;
      break;
    default:
      body = <LibraryMap store={store} />;
  }
  return (
    <>
      <header>
        <h1>Changer</h1>
        <nav aria-label="Views">
          {VIEWS.filter(([id]) => id !== 'tokens' || roleAllows(session.role, 'admin')).map(([id, label]) => (
            <a key={id} href={`#${id}`} aria-current={view === id || (view === 'map' && id === 'map') ? 'page' : undefined}>
              {label}
              {id === 'inbox' && open.length > 0 ? (
                <span class="badge" aria-label={`${open.length} open`}>
                  {open.length}
                </span>
              ) : null}
            </a>
          ))}
        </nav>
        {store.libraries.length > 1 ? (
          <select aria-label="Library" value={store.library} onChange={(e) => void store.selectLibrary(e.currentTarget.value)}>
            {store.libraries.map((l) => (
              <option key={l.name}>{l.name}</option>
            ))}
          </select>
        ) : (
          <span class="library">{store.library ?? ''}</span>
        )}
        <span class={store.connected ? 'live on' : 'live off'} data-live={store.connected ? 'on' : 'off'} title="the manager's event stream">
          {store.connected ? 'live' : 'reconnecting…'}
        </span>
        <span class="who" data-role={session.role}>
          {session.token} ({session.role})
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {store.error === undefined ? null : (
        <p class="error" role="alert">
          {store.error}{' '}
          <button type="button" onClick={() => ((store.error = undefined), store.changed())}>
            Dismiss
          </button>
        </p>
      )}
      {store.notice === undefined || store.error !== undefined ? null : (
        <p class="notice" role="status">
          {store.notice}
        </p>
      )}
      <main>
        <Guarded key={hash}>{body}</Guarded>
      </main>
    </>
  );
}

/** A view that throws while rendering says so, instead of leaving a blank page. */
function Guarded({ children }: { readonly children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (error !== undefined)
    return (
      <p class="error" role="alert">
        This view failed: {describeError(error)}.{' '}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    );
  return <>{children}</>;
}

export function App() {
  const [session, setSession] = useState<SignedIn | undefined>(undefined);
  const [checking, setChecking] = useState(storedSecret() !== undefined);
  useEffect(() => {
    const secret = storedSecret();
    if (secret === undefined) return;
    signIn(secret)
      .then(setSession, () => signOut())
      .finally(() => setChecking(false));
  }, []);
  if (checking) return <p class="muted">Signing in…</p>;
  if (session === undefined) return <SignInForm onSignedIn={setSession} />;
  return (
    <Shell
      session={session}
      onSignOut={() => {
        signOut();
        setSession(undefined);
      }}
    />
  );
}
