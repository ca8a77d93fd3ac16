// The first admin token of `changer serve`. Its secret is kept in a file of its own (mode 0600,
// the configuration's token-file, by default beside the token store, which holds only hashes), so
// every start finds the same token and scripts and the CLI keep working across restarts; a
// checkout's `npm start` prints it, a service never does. Delete that file and the next start
// issues a new admin token and revokes the old one.
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IssuedToken, TokenStore } from './tokenStore.ts';

export const START_ADMIN_TOKEN_NAME = 'npm-start-admin';

export interface AdminToken {
  readonly token: string;
  /** True when this start issued it (first start, or the secret file was missing or stale). */
  readonly created: boolean;
}

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function ensureAdminToken(tokens: TokenStore, secretFile: string): Promise<AdminToken> {
  const secret = await readSecret(secretFile);
  if (secret !== undefined && tokens.authenticate(secret)?.role === 'admin') {
    // A copy restored or edited by hand may have come back readable by others: only its owner may read it.
    if (((await stat(secretFile)).mode & 0o077) !== 0) await chmod(secretFile, 0o600);
    return { token: secret, created: false };
  }
  const previous = tokens.list().filter((t) => t.name === START_ADMIN_TOKEN_NAME || t.name.startsWith(`${START_ADMIN_TOKEN_NAME}-`));
  const name = previous.some((t) => t.name === START_ADMIN_TOKEN_NAME) ? `${START_ADMIN_TOKEN_NAME}-${Date.now()}` : START_ADMIN_TOKEN_NAME;
  const issued: IssuedToken = await tokens.create(name, 'admin');
  // Its secret is gone with the file: nobody can use the old one any more, so it goes.
  for (const old of previous) await tokens.revoke(old.id);
  await mkdir(dirname(secretFile), { recursive: true });
  await writeFile(secretFile, `${issued.token}\n`, { mode: 0o600 });
  await chmod(secretFile, 0o600);
  return { token: issued.token, created: true };
}
