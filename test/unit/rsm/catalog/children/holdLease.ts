// Child process: a second manager. Acquires the lease of a library, reports the attempt as one
// JSON line, then obeys one command per stdin line — renew, release, acquire, crash (exit
// without releasing, as a killed manager would), exit — answering each with one JSON line.
import { createInterface } from 'node:readline';
import { Catalog, isCatalogError, type Lease } from '../../../../../src/rsm/catalog/index.ts';

const [url, libraryId, ownerId, ttlText] = process.argv.slice(2);
if (url === undefined || libraryId === undefined || ownerId === undefined || ttlText === undefined) {
  throw new Error('usage: holdLease.ts <catalog-url> <library-id> <owner-id> <ttl-ms>');
}
const ttl = Number(ttlText);
const catalog = await Catalog.open(url);
const say = (message: unknown): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

let lease: Lease | undefined;
async function acquire(): Promise<void> {
  const attempt = await catalog.leases.acquire(libraryId as string, ownerId as string, ttl);
  if (attempt.acquired) lease = attempt.lease;
  say(attempt);
}

await acquire();
for await (const command of createInterface({ input: process.stdin })) {
  try {
    if (command === 'renew' && lease !== undefined) {
      lease = await catalog.leases.renew(lease, ttl);
      say({ renewed: true, lease });
    } else if (command === 'release' && lease !== undefined) {
      say({ released: await catalog.leases.release(lease) });
    } else if (command === 'acquire') {
      await acquire();
    } else if (command === 'crash') {
      process.exit(3);
    } else if (command === 'exit') {
      break;
    } else {
      say({ error: `unknown command ${command}` });
    }
  } catch (err) {
    say({ error: isCatalogError(err) ? err.code : String(err) });
  }
}
await catalog.close();
