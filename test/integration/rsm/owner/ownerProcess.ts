// Child process: one manager taking one library through LibraryOwner, on its own catalog
// connection and its own iSCSI session, as a manager on another host would. It reports as JSON
// lines on stdout and obeys one command per stdin line:
//   acquire             try to own the library (again)
//   move <from> <to>    move a cartridge slot → slot through the owner's changer (not awaited:
//                       the move may be held in the network while the next command comes)
//   release             give the library up cleanly
// Its owner id is managerOwnerId('rsm', <host>): "rsm@<host> (pid <its pid>)".
// The test kills it (SIGKILL) or freezes it (SIGSTOP/SIGCONT) from outside.
import { createInterface } from 'node:readline';
import { Changer } from '../../../../src/driver/changer.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { formatReservationKey } from '../../../../src/driver/persistentReservation.ts';
import { SmcMiniclass } from '../../../../src/driver/smc/smcMiniclass.ts';
import { Catalog } from '../../../../src/rsm/catalog/index.ts';
import { LibraryOwner, managerOwnerId } from '../../../../src/rsm/owner/index.ts';
import { IscsiTransport } from '../../../../src/transport/iscsiTransport.ts';

const [catalogUrl, libraryId, deviceUrl, ttlText, host] = process.argv.slice(2);
if (catalogUrl === undefined || libraryId === undefined || deviceUrl === undefined || ttlText === undefined || host === undefined) {
  process.stderr.write('usage: ownerProcess.ts <catalog-url> <library-id> <device-url> <ttl-ms> <host>\n');
  process.exit(2);
}
const say = (message: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const failure = (e: unknown): Record<string, unknown> => ({
  code: (e as { code?: unknown }).code ?? 'UNKNOWN', message: e instanceof Error ? e.message : String(e),
});

const ownerId = managerOwnerId('rsm', host);
const catalog = await Catalog.open(catalogUrl);
let owner: LibraryOwner | undefined;

async function acquire(): Promise<void> {
  try {
    owner = await LibraryOwner.acquire({
      catalog, libraryId: libraryId as string, deviceUrl: deviceUrl as string, ownerId, ttlMs: Number(ttlText),
      // The exclusive open is per host; this process stands for a manager on `host`.
      openChanger: (url, who) => Changer.open(url, { owner: who, deviceKey: `${host}|${url}`, connect: async (u) => new SmcMiniclass(await IscsiTransport.open(u)) }),
    });
    owner.onLost((loss) => say({ event: 'lost', reason: loss.reason, message: loss.message }));
    const fence = owner.fence;
    say({
      event: 'owned', fencingKey: owner.lease.fencingKey, fenced: fence.fenced,
      key: fence.fenced ? formatReservationKey(fence.key) : null, preempted: fence.fenced ? fence.preempted.map(formatReservationKey) : [],
    });
  } catch (e) {
    say({ event: 'refused', ...failure(e) });
  }
}

async function move(from: number, to: number): Promise<void> {
  if (owner === undefined) return say({ event: 'move-failed', code: 'NOT_OWNER', message: 'this manager never owned the library' });
  try {
    await owner.changer.moveMedium({ transport: { type: ElementType.Transport, index: 0 }, source: { type: ElementType.Slot, index: from }, destination: { type: ElementType.Slot, index: to }, flip: false });
    say({ event: 'moved', from, to });
  } catch (e) {
    say({ event: 'move-failed', ...failure(e) });
  }
}

await acquire();
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = line.trim().split(/\s+/);
  if (command === 'acquire') await acquire();
  else if (command === 'move') void move(Number(args[0]), Number(args[1]));
  else if (command === 'release') {
    await owner?.release();
    say({ event: 'released' });
  } else say({ event: 'error', message: `unknown command ${line}` });
}
await owner?.release();
await catalog.close();
