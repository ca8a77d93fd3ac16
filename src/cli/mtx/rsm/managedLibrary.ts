import { ChangerError } from '../../../shared/changerError.ts';
import { holdKeyFor } from '../../../driver/smc/connect.ts';
import { withoutSecret } from '../../../shared/secrets.ts';
import { RsmClient } from '../../client/rsmClient.ts';
import { serverFrom, tokenFrom } from '../../client/serverAddress.ts';

/**
 * The rsm:// URL of the library the manager at $CHANGER_SERVER owns on `deviceUrl`: the one whose
 * configured device is the same device (the key the exclusive hold is taken on, so two spellings
 * of one device match and a CHAP secret does not matter).
 */
export async function managedLibraryUrl(deviceUrl: string, env: NodeJS.ProcessEnv): Promise<string> {
  const server = serverFrom(undefined, env);
  const client = new RsmClient({ server, token: tokenFrom(undefined, env) });
  const key = holdKeyFor(deviceUrl);
  const library = (await client.libraries()).find((l) => l.deviceUrl !== null && sameDevice(l.deviceUrl, key));
  if (library === undefined) throw new ChangerError('NO_SUCH_DEVICE', `the manager at ${server} ($CHANGER_SERVER) has no library on ${withoutSecret(deviceUrl)}; use -f rsm://<host>:<port>/<library>`);
  return `rsm://${new URL(server).host}/${encodeURIComponent(library.name)}`;
}

function sameDevice(url: string, key: string): boolean {
  try {
    return holdKeyFor(url) === key;
  } catch {
    return false;
  }
}
