// The operator's page end to end (issue 15): `npm start`'s manager on the embedded library-24 in
// a child process, the page built from src/web, and a real headless Chromium clicking through it
// as an operator does. Every check is on what the page shows, and every change comes to the page
// through the manager's event stream (no reloads).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../../../scripts/buildWeb.ts';
import type { LibraryDetail, MediumView as Medium, RequestView } from '../../../src/rsm/service.ts';
import { browserSkipReason, launchChromium, signInWith } from '../../helpers/browser.ts';
import { npmStart, stopStarted, type StartedProcess } from '../../helpers/npmStart.ts';
import { ApiClient } from '../api/apiClient.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# skipped: ${skip}`);

/** Long enough for a robot move on the virtual clock and an event's round trip; short enough to fail fast. */
const SHOWN_WITHIN_MS = 10_000;

describe('the operator page on the embedded library', { skip }, () => {
  let dir = '';
  let manager: StartedProcess;
  let admin: ApiClient;
  let url = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const tokens: Record<string, string> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-web-e2e-'));
    // A build of this test's own: another test building at the same time cannot pull it away.
    const web = join(dir, 'web');
    await buildWeb(web);
    manager = npmStart(['--data', dir, '--listen', '127.0.0.1:0', '--iscsi-listen', 'off', '--library', `virtual:${join(dir, 'library')}?profile=library-24&clock=virtual`], { CHANGER_WEB_ROOT: web });
    const [banner, launched] = await Promise.all([manager.banner, launchChromium()]);
    browser = launched;
    url = banner.api;
    admin = new ApiClient(url, banner.token);
    for (const role of ['reader', 'operator', 'application'] as const) {
      const issued = await admin.post<{ token: string }>('/v1/tokens', { name: `ui-${role}`, role });
      assert.equal(issued.status, 201);
      tokens[role] = issued.body.token;
    }
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    if (manager !== undefined) assert.equal(await stopStarted(manager), 0, manager.stderr());
    await rm(dir, { recursive: true, force: true });
  });

  test("a bad token shows the API's own problem title and detail", async () => {
    await signInWith(page, url, 'chg_not-a-token');
    const alert = page.locator('.signin [role=alert]');
    await alert.waitFor();
    // The page shows the problem the API answers, title and detail, word for word.
    const problem = (await new ApiClient(url, 'chg_not-a-token').get<{ title: string; detail: string }>('/v1/session')).body;
    assert.equal(problem.title, 'Authentication required');
    assert.equal(await alert.textContent(), `${problem.title}: ${problem.detail}`);
  });

  test("signed in, the map shows the 24 slots, 2 drives and the mailslot with the catalog's barcodes", async () => {
    await signInWith(page, url, tokens.operator ?? '');
    await page.locator('.cell[data-type=slot]').first().waitFor();
    assert.equal(await page.locator('.who').textContent(), 'ui-operator (operator)');
    assert.equal(await page.locator('.cell[data-type=slot]').count(), 24);
    assert.equal(await page.locator('.cell[data-type=drive]').count(), 2);
    assert.equal(await page.locator('.cell[data-type=ieport]').count(), 1);
    const media = (await admin.get<Medium[]>('/v1/media?library=library')).body;
    const expected = media
      .filter((m) => m.location.type === 'slot' || m.location.type === 'ieport')
      .map((m) => `${m.location.type}:${m.location.type === 'outside' ? '' : m.location.index}=${m.barcode ?? ''}`)
      .sort();
    const shown = await page.locator('.cell[data-type=slot][data-barcode], .cell[data-type=ieport][data-barcode]').evaluateAll((cells) =>
      cells.map((c) => `${c.getAttribute('data-type') ?? ''}:${c.getAttribute('data-index') ?? ''}=${c.getAttribute('data-barcode') ?? ''}`).sort(),
    );
    // Unlabelled cartridges have no barcode attribute: compare the labelled ones.
    assert.deepEqual(shown, expected.filter((e) => !e.endsWith('=')));
    assert.ok(shown.length >= 16, shown.join(' '));
  });

  test('mount from the catalog page: the map shows the cartridge in a drive without a reload', async () => {
    await page.click('nav a[href="#media"]');
    await page.click('button[aria-label="Mount A00001L8"]');
    await page.locator('[role=status]', { hasText: 'A00001L8: mount requested.' }).waitFor();
    await page.click('nav a[href="#map"]');
    await page.locator('.cell[data-type=drive][data-barcode="A00001L8"]').waitFor({ timeout: SHOWN_WITHIN_MS });
    assert.equal(await page.locator('.cell[data-type=slot][data-barcode="A00001L8"]').count(), 0);
  });

  test('inject: the operator request appears in the inbox and the title; the front panel fills the mailslot; the cartridge goes to a slot and the request is resolved', async () => {
    // Empty the mailslot first, at the front panel, so the inject has to ask the operator.
    await page.click('nav a[href="#panel"]');
    await page.click('text=Take out of the mailslot');
    await page.locator('[data-outside]', { hasText: 'B00001L7' }).waitFor();

    await page.click('nav a[href="#media"]');
    await page.click('text=Inject from mailslot');
    await page.click('nav a[href="#inbox"]');
    const request = page.locator('.operator-request[data-state=submitted]', { hasText: 'Put the cartridges to import into the mailslot' });
    await request.waitFor({ timeout: SHOWN_WITHIN_MS });
    assert.match(await page.title(), /^\(\d+\) Changer$/);
    // "Show on map": the mailslot, the element the request is about, outlined on the map.
    await request.locator('button', { hasText: 'Show on map' }).click();
    await page.locator('.cell.flagged[data-type=ieport]').waitFor();

    await page.click('nav a[href="#inbox"]');
    await request.locator('button', { hasText: 'Acknowledge' }).click();
    const acknowledged = page.locator('.operator-request[data-state=acknowledged]', { hasText: 'Put the cartridges to import into the mailslot' });
    await acknowledged.waitFor();

    await page.click('nav a[href="#panel"]');
    await page.fill('input[name=cartridge]', 'NEW001L8');
    await page.click('text=Insert into the mailslot');
    await page.locator('[role=status]', { hasText: 'NEW001L8 is in the mailslot.' }).waitFor();

    // The front panel closes the mailslot behind the cartridge; the manager sees that, takes the
    // cartridge in and resolves the request itself (an operator's Complete is tested below).
    await page.click('nav a[href="#map"]');
    await page.locator('.cell[data-type=slot][data-barcode="NEW001L8"]').waitFor({ timeout: SHOWN_WITHIN_MS });
    await page.click('nav a[href="#inbox"]');
    await page.locator('.operator-request[data-state=completed]', { hasText: 'Put the cartridges to import into the mailslot' }).waitFor({ timeout: SHOWN_WITHIN_MS });
    // The badge and the title count what is still open (the start-up check may have raised a
    // request of its own meanwhile, so the count is the manager's, not ours minus one).
    const open = (await admin.get<unknown[]>('/v1/operator-requests?state=submitted,acknowledged')).body.length;
    const badge = page.locator('nav a[href="#inbox"] .badge');
    if (open > 0) await badge.filter({ hasText: new RegExp(`^${open}$`) }).waitFor();
    else await badge.waitFor({ state: 'detached' });
    assert.equal(await page.title(), open > 0 ? `(${open}) Changer` : 'Changer');
  });

  test('operator requests an application asks for: complete one, refuse another, live in the inbox and the title', async () => {
    const application = new ApiClient(url, tokens.application ?? '');
    const load = await application.post<{ id: number }>('/v1/operator-requests', { library: 'library', message: 'Load the tapes of the monthly set into the mailslot' });
    const label = await application.post<{ id: number }>('/v1/operator-requests', { library: 'library', message: 'Label the new cartridges' });
    assert.equal(load.status, 201);
    await page.click('nav a[href="#inbox"]');
    const first = page.locator(`.operator-request[data-operator-request="${load.body.id}"]`);
    const second = page.locator(`.operator-request[data-operator-request="${label.body.id}"]`);
    await first.locator('button', { hasText: 'Complete' }).click({ timeout: SHOWN_WITHIN_MS });
    await page.locator(`.operator-request[data-operator-request="${load.body.id}"][data-state=completed]`).waitFor();
    await second.locator('button', { hasText: 'Refuse' }).click();
    await page.locator(`.operator-request[data-operator-request="${label.body.id}"][data-state=refused]`).waitFor();
    const states = (await admin.get<{ id: number; state: string; resolvedBy: string | null }[]>('/v1/operator-requests')).body.filter((r) => r.id === load.body.id || r.id === label.body.id);
    assert.deepEqual(
      states.map((r) => [r.state, r.resolvedBy]),
      [
        ['completed', 'ui-operator'],
        ['refused', 'ui-operator'],
      ],
    );
    assert.equal((await first.textContent())?.includes('by ui-operator'), true);
  });

  test('cancel a request waiting in the queue', async () => {
    // A mount into the drive that holds A00001L8 waits for that drive.
    const held = (await admin.get<Medium>('/v1/libraries/library/media/A00001L8')).body.location;
    assert.equal(held.type, 'drive');
    const waiting = await new ApiClient(url, tokens.application ?? '').post<RequestView>('/v1/mounts', { library: 'library', barcode: 'A00002L8', drive: held.index });
    assert.ok(waiting.body.state === 'queued' || waiting.body.state === 'waiting', JSON.stringify(waiting.body));
    const id = waiting.body.id;
    await page.click('nav a[href="#queue"]');
    const row = page.locator(`tr[data-request="${id}"]`);
    await row.locator('button', { hasText: 'Cancel' }).click({ timeout: SHOWN_WITHIN_MS });
    await page.locator(`tr[data-request="${id}"][data-state=cancelled]`).waitFor({ timeout: SHOWN_WITHIN_MS });
    assert.equal((await admin.get<RequestView>(`/v1/requests/${id}`)).body.state, 'cancelled');
  });

  test('the event stream resumes with Last-Event-ID after a drop: a mount made meanwhile shows on the map', async () => {
    await page.click('nav a[href="#map"]');
    const resumed = page.waitForRequest((request) => request.url().endsWith('/v1/events') && request.headers()['last-event-id'] !== undefined, { timeout: 30_000 });
    resumed.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    await context.setOffline(true);
    await page.locator('[data-live=off]').waitFor({ timeout: SHOWN_WITHIN_MS });
    const mount = await admin.post<RequestView>('/v1/mounts?wait=30000', { library: 'library', barcode: 'A00006L8' });
    assert.equal(mount.body.state, 'completed', JSON.stringify(mount.body));
    await context.setOffline(false);
    assert.match((await resumed).headers()['last-event-id'] ?? '', /^\d+$/);
    await page.locator('[data-live=on]').waitFor({ timeout: SHOWN_WITHIN_MS });
    await page.locator('.cell[data-type=drive][data-barcode="A00006L8"]').waitFor({ timeout: SHOWN_WITHIN_MS });
  });

  test("a medium's page: move to another pool; the manager's refusal is shown in its own words", async () => {
    assert.equal((await admin.post('/v1/pools', { name: 'nightly', mediaType: 'LTO-8' })).status, 201);
    await page.click('nav a[href="#media"]');
    await page.click('table.media a[href="#media/A00003L8"]');
    await page.locator('section.medium h2', { hasText: 'A00003L8' }).waitFor();
    await page.fill('input[name=to-pool]', 'nightly');
    await page.click('text=Move to pool');
    const refusal = page.locator('p.error[role=alert]');
    await refusal.waitFor();
    assert.equal(await refusal.evaluate((p) => p.firstChild?.textContent), 'Invalid parameter: import media may only move to the free pool');
    await page.fill('input[name=to-pool]', 'Free/LTO-8');
    await page.click('text=Move to pool');
    await page.locator('[role=status]', { hasText: 'A00003L8 is in pool Free/LTO-8.' }).waitFor();
    assert.equal(await page.locator('section.medium dt:text("Pool") + dd').textContent(), 'Free/LTO-8');
    assert.equal((await admin.get<Medium>('/v1/libraries/library/media/A00003L8')).body.poolName, 'Free/LTO-8');
  });

  test('front panel: pull a magazine — the map says so and draws its slots absent — and push it back', async () => {
    await page.click('nav a[href="#panel"]');
    await page.click('button:text("Pull right")');
    await page.locator('button:text("Push right in")').waitFor();
    await page.click('nav a[href="#map"]');
    await page.locator('h3.magazine.absent', { hasText: 'Magazine right · slots 13–24 · pulled out' }).waitFor();
    assert.equal(await page.locator('.cell.absent[data-type=slot]').count(), 12);
    await page.click('nav a[href="#panel"]');
    await page.click('button:text("Push right in")');
    await page.locator('button:text("Pull right")').waitFor();
    await page.click('nav a[href="#map"]');
    await page.locator('h3.magazine', { hasText: /^Magazine right · slots 13–24$/ }).waitFor();
    // The slots come back once the library has scanned them and the manager has said so.
    await page.locator('.cell.absent[data-type=slot]').first().waitFor({ state: 'detached' });
  });

  test('the events log: live, filtered by type', async () => {
    await page.click('nav a[href="#events"]');
    await page.selectOption('select[name=type]', 'medium');
    const rows = page.locator('table.events tr');
    await rows.first().waitFor();
    const types = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent));
    assert.ok(types.length > 0 && types.every((t) => t === 'medium'), types.join(','));
    await page.fill('input[name=text]', 'A00001L8');
    await page.locator('table.events tr', { hasNotText: 'A00001L8' }).first().waitFor({ state: 'detached' });
    assert.ok((await page.locator('table.events tr', { hasText: 'A00001L8' }).count()) > 0);
  });

  test('the drives panel takes a drive out of service and back', async () => {
    await page.click('nav a[href="#drives"]');
    const row = page.locator('tr[data-drive="1"]');
    await row.locator('button', { hasText: 'Disable' }).click();
    await row.locator('td', { hasText: 'no: taken out of service from the web page' }).waitFor();
    assert.equal((await admin.get<LibraryDetail>('/v1/libraries/library')).body.drives.find((d) => d.index === 1)?.enabled, false);
    await row.locator('button', { hasText: 'Enable' }).click();
    await row.locator('td', { hasText: /^yes$/ }).waitFor();
  });

  test('a reader sees everything and no action button anywhere', async () => {
    const reader = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const readerPage = await reader.newPage();
      await signInWith(readerPage, url, tokens.reader ?? '');
      await readerPage.locator('.cell[data-type=slot]').first().waitFor();
      for (const view of ['map', 'inbox', 'queue', 'media', 'drives', 'panel', 'events', 'pools']) {
        await readerPage.click(`nav a[href="#${view}"]`);
        await readerPage.locator('main > *').first().waitFor();
        if (view === 'media') await readerPage.locator('table.media tr[data-barcode="A00003L8"]').waitFor();
        assert.equal(await readerPage.locator('button.act').count(), 0, `${view} shows an action to a reader`);
      }
      assert.equal(await readerPage.locator('nav a[href="#tokens"]').count(), 0);
    } finally {
      await reader.close();
    }
  });
});
