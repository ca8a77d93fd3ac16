// The token lives in sessionStorage: it goes with the tab, not to disk for later visitors.
import { Api } from './api.ts';
import type { Session } from './types.ts';

const KEY = 'changer.token';

export type SignedIn = Session & { readonly secret: string };

export function storedSecret(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Checks the token with the manager (its name and role); the API's problem is thrown as is. */
export async function signIn(secret: string): Promise<SignedIn> {
  const session = await new Api(secret).get<Session>('/v1/session');
  sessionStorage.setItem(KEY, secret);
  return { ...session, secret };
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
