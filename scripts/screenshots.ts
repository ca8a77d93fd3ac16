// `npm run screenshots`: the pictures of the operator page in docs/ui.md and the README, made
// again from the current build — a manager over a fresh embedded library-24 (virtual clock),
// one cartridge mounted, an inject waiting for the operator (so the inbox has work and the map
// outlines the mailslot), photographed in headless Chromium at 1280×800.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedLibrary } from '../src/transport/embeddedLibraries.ts';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore } from '../src/api/index.ts';
import { Manager } from '../src/rsm/index.ts';
import { browserSkipReason, launchChromium, signInWith } from '../test/helpers/browser.ts';
import { buildWeb } from './buildWeb.ts';

const IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url));

const skip = browserSkipReason();
if (skip !== undefined) {
  console.error(`screenshots: ${skip}`);
  process.exit(1);
}
const dir = await mkdtemp(join(tmpdir(), 'changer-screenshots-'));
const webRoot = join(dir, 'web');
await buildWeb(webRoot);
const manager = await Manager.start({
  catalogUrl: join(dir, 'catalog.sqlite'),
  libraries: [{ name: 'library', deviceUrl: `virtual:${join(dir, 'library')}?profile=library-24&clock=virtual` }],
});
const tokens = await FileTokenStore.open(null);
const { token } = await tokens.create('operator', 'operator');
const server = buildApiServer({ service: manager, tokens, embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel), webRoot });
const browser = await launchChromium();
try {
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: object): Promise<void> => {
    const answer = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!answer.ok) throw new Error(`${path}: HTTP ${answer.status} ${await answer.text()}`);
  };
  await post('/v1/mounts?wait=30000', { library: 'library', barcode: 'A00001L8', drive: 0 });
  await post('/v1/libraries/library/front-panel/take-mailslot', {});
  await post('/v1/libraries/library/inject', {});

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signInWith(page, url, token);
  await page.locator('.cell[data-type=drive][data-barcode="A00001L8"]').waitFor();
  await page.locator('.operator-request, nav a[href="#inbox"] .badge').first().waitFor();
  await page.locator('.cell.flagged').first().waitFor();
  await page.screenshot({ path: join(IMAGES, 'ui-map.png') });
  await page.click('nav a[href="#inbox"]');
  await page.locator('.operator-request').first().waitFor();
  await page.screenshot({ path: join(IMAGES, 'ui-inbox.png') });
  console.log('screenshots: docs/images/ui-map.png, docs/images/ui-inbox.png');
} finally {
  await browser.close();
  await server.close();
  await manager.close();
  await rm(dir, { recursive: true, force: true });
}
