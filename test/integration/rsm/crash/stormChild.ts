// The manager under test in the crash test: a child process that starts the manager over a
// SQLite catalog and an embedded virtual library (mechanics at 100× speed), then runs a
// mount/dismount storm until it is killed. Each request the manager acknowledged (mount() or
// dismount() returned) is printed as one JSON line, so the parent knows what must end well.
// Usage: node --import tsx stormChild.ts <catalog file> <library dir> <seed>
import { Manager } from '../../../../src/rsm/index.ts';
import type { RequestView } from '../../../../src/rsm/service.ts';
import { embeddedLibraryClock } from '../../../../src/transport/embeddedLibraries.ts';
import { seededRandom } from './seededRandom.ts';

const [catalogUrl, libraryDir, seedText] = process.argv.slice(2);
if (catalogUrl === undefined || libraryDir === undefined || seedText === undefined) throw new Error('usage: stormChild.ts <catalog> <library dir> <seed>');
const random = seededRandom(Number(seedText));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const libraryUrl = `virtual:${libraryDir}?profile=library-24&clock=100x`;
const manager = await Manager.start({
  catalogUrl,
  libraries: [{ name: 'lib0', deviceUrl: libraryUrl, clock: embeddedLibraryClock(libraryUrl) }],
  // The default owner id (rsm@host (pid N)) and a lease far longer than the test: a restart owns
  // the library at once only because it proves its killed predecessor gone, never by waiting.
  leaseTtlMs: 60_000,
  leaseWaitMs: 0,
  pollIntervalMs: 50,
});
say({ ready: true, owned: manager.configuredLibraries()[0]?.ownedHere });

const caller = { application: 'storm', role: 'application' };
const inFlight: number[] = [];
for (;;) {
  const media = await manager.media({ library: 'lib0' });
  const drives = (await manager.library('lib0')).drives;
  const idle = media.filter((m) => m.location.type === 'slot' && m.barcode?.startsWith('A') === true);
  const full = drives.filter((d) => d.barcode !== null);
  let request: RequestView | undefined;
  try {
    const drive = pick(full);
    if (drive !== undefined && random() < 0.5) request = await manager.dismount({ library: 'lib0', drive: drive.index }, caller);
    else request = await manager.mount({ library: 'lib0', barcode: pick(idle)?.barcode ?? 'A00001L8', timeoutMs: 30_000, priority: Math.floor(random() * 31) - 15 }, caller);
  } catch {
    // Refused (already mounted, drive empty…): never acknowledged, nothing to check.
  }
  if (request !== undefined) {
    say({ ack: request.id, kind: request.kind });
    inFlight.push(request.id);
  }
  if (inFlight.length >= 3) await manager.waitForRequest(inFlight.shift() as number, 2_000);
  await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
}
