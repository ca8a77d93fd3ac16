// What `changer serve` prints once it is up: where the API is, each library, its drives' iSCSI
// target, the catalog, where the admin token is — and the token itself only in a checkout run
// without a configuration file (a service's stdout is the journal, which many people read).
import { formatPortalAddress } from '../../iscsi/target/sendTargets.ts';
import type { RunningManager } from '../../api/managerServer.ts';
import type { ManagerDrives } from '../managerDrives.ts';
import type { ServeSettings } from './serveSettings.ts';

/** Where a backup host finds the drives: the target, each drive's URL and serial; or why they are not served. */
function driveLines(drives: ManagerDrives | undefined): string[] {
  if (drives === undefined) return [];
  if (drives.state !== 'served') return [`  drives      not served over iSCSI: ${drives.reason}`];
  const portal = formatPortalAddress(drives.host, drives.port);
  const lines: string[] = [];
  for (const l of drives.libraries) {
    lines.push(`  iSCSI       ${l.iqn} on ${portal}${drives.chapUser === null ? '' : ` (CHAP user '${drives.chapUser}')`}`);
    lines.push(`              changer LUN 0: read-only for all but the manager (persistent reservation)`);
    for (const d of l.drives) lines.push(`  drive ${String(d.driveIndex).padEnd(6)}${d.url}  serial ${d.serial}`);
  }
  for (const name of drives.standingBy) lines.push(`  iSCSI       ${name}: its drives are served on ${portal} once this manager takes it over`);
  return lines;
}

function libraryLines(running: RunningManager): string[] {
  return running.libraries.map((l) => {
    const shape = `${l.slotCount} slots, ${l.driveCount} drives, ${l.ieportCount} mailslot${l.ieportCount === 1 ? '' : 's'}, ${l.mediaCount} media`;
    return `  library     ${l.name} — ${l.ownedHere ? shape : 'NOT OWNED HERE (see the log)'}\n              ${l.deviceUrl}`;
  });
}

/** The checkout playground: the token on screen, `npx` commands. */
function checkoutBanner(settings: ServeSettings, running: RunningManager, drives: ManagerDrives | undefined): string[] {
  const token = running.adminToken;
  const tokenNote = running.adminTokenCreated
    ? `(new; its secret is kept in ${running.adminTokenFile} and printed again at every start)`
    : `(from ${running.adminTokenFile}; delete that file for a new one)`;
  return [
    ...libraryLines(running),
    ...driveLines(drives),
    `  catalog     ${running.catalogLocation}`,
    `  admin token ${token}`,
    `              ${tokenNote}`,
    '',
    'Try next:',
    `  export CHANGER_SERVER=${running.url} CHANGER_TOKEN=${token}`,
    `  npx changer libraries --server ${running.url} --token ${token}`,
    `  npx changer media ls`,
    `  npx changer media mount A00001L8          (then: npx changer media dismount A00001L8)`,
    ...(drives?.state === 'served' ? ['  docs/vtl.md: write to the mounted cartridge from Linux (iscsiadm, mt, tar)'] : []),
    `  curl -H "Authorization: Bearer ${token}" ${running.url}/v1/media`,
    '',
    `Logs are JSON lines on stderr. Ctrl-C stops the manager and saves the library (state in ${settings.dataDir}; delete it to start over).`,
  ];
}

/** A service: no secret, the file it is in and how to make more tokens. */
function serviceBanner(settings: ServeSettings, running: RunningManager, drives: ManagerDrives | undefined): string[] {
  return [
    `  config      ${settings.configFile ?? '(none)'}`,
    ...libraryLines(running),
    ...driveLines(drives),
    `  catalog     ${running.catalogLocation}`,
    `  admin token in ${running.adminTokenFile} (mode 0600${running.adminTokenCreated ? ', new' : ''}; never printed)`,
    '',
    'Try next:',
    `  export CHANGER_SERVER=${running.url} CHANGER_TOKEN=$(cat ${running.adminTokenFile})`,
    `  changer libraries`,
    `  changer tokens create backup-host --role application   (a token for each application; docs/service.md)`,
    '',
    `Logs are JSON lines on stderr. SIGTERM or SIGINT stops the manager and saves the libraries (state in ${settings.dataDir}).`,
  ];
}

export function serveBanner(settings: ServeSettings, running: RunningManager, drives: ManagerDrives | undefined): string {
  const body = settings.showToken ? checkoutBanner(settings, running, drives) : serviceBanner(settings, running, drives);
  return ['Changer — Removable Storage Manager', '', `  API         ${running.url}`, `  API docs    ${running.url}/docs   (OpenAPI: ${running.url}/openapi.json)`, ...body, ''].join('\n');
}
