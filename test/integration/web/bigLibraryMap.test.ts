// The map of the 10,000-slot profile (issue 15): only the rows in view are in the page, and the
// barcode search scrolls to a cartridge far down the library and outlines it — also one the page
// has not loaded yet, which it asks the manager for.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../../scripts/buildWeb.ts';
import type { LibraryDetail, MediumView } from '../../../src/rsm/service.ts';
import { browserSkipReason, launchChromium, signInWith } from '../../helpers/browser.ts';
import { npmStart, stopStarted, type StartedProcess } from '../../helpers/npmStart.ts';
import { ApiClient } from '../api/apiClient.ts';

const skip = browserSkipReason();
if (skip !== undefined) console.log(`# skipped: ${skip}`);

describe('the map of the enterprise-10000 profile', { skip }, () => {
  let dir = '';
  let manager: StartedProcess;
  let browser: Browser;
  let page: Page;
  let api: ApiClient;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-web-10000-'));
    // A build of this test's own: another test building at the same time cannot pull it away.
    const web = join(dir, 'web');
    await buildWeb(web);
    manager = npmStart(['--data', dir, '--listen', '127.0.0.1:0', '--iscsi-listen', 'off', '--library', `virtual:${join(dir, 'library')}?profile=enterprise-10000&clock=virtual`], { CHANGER_WEB_ROOT: web });
    const [banner, launched] = await Promise.all([manager.banner, launchChromium()]);
    browser = launched;
    api = new ApiClient(banner.api, banner.token);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signInWith(page, banner.api, banner.token);
    await page.locator('.cell[data-type=slot][data-barcode]').first().waitFor({ timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    if (manager !== undefined) assert.equal(await stopStarted(manager), 0, manager.stderr());
    await rm(dir, { recursive: true, force: true });
  });

  test('10,000 slots, of which only the rows in view are rendered', async () => {
    assert.match((await page.locator('.map [role=search] [role=status]').textContent()) ?? '', /^10000 slots · \d+ cartridges inside$/);
    const rendered = await page.locator('.cell[data-type=slot]').count();
    assert.ok(rendered > 20 && rendered < 400, `${rendered} slot cells in the page`);
  });

  test('search a barcode more than 5,000 slots down: the map scrolls to it and outlines it', async () => {
    // A cartridge far below the rows in view (the listing's order is not the slots' order).
    const far = (await api.get<MediumView[]>('/v1/media?library=library&location=slot&limit=100&offset=7000')).body.find((m) => m.location.type === 'slot' && m.location.index > 5000 && m.barcode !== null);
    assert.ok(far !== undefined && far.barcode !== null && far.location.type === 'slot');
    const slot = far.location.index;
    const elements = (await api.get<LibraryDetail>('/v1/libraries/library')).body.elements;
    const display = elements.find((e) => e.type === 'slot' && e.index === slot)?.displayNumber;
    assert.equal(await page.locator(`.cell[data-barcode="${far.barcode}"]`).count(), 0, 'not rendered before the search');
    await page.fill('input[name=barcode]', far.barcode.toLowerCase());
    await page.press('input[name=barcode]', 'Enter');
    const cell = page.locator(`.cell.found[data-barcode="${far.barcode}"]`);
    await cell.waitFor();
    assert.equal(await page.locator('.map [role=search] [role=status]').textContent(), `${far.barcode}: slot ${display}`);
    const box = await cell.boundingBox();
    const view = await page.locator('.slots').boundingBox();
    assert.ok(box !== null && view !== null);
    assert.ok(box.y >= view.y && box.y + box.height <= view.y + view.height, `the cell (y ${box.y}) is inside the map's view (y ${view.y}…${view.y + view.height})`);
    assert.equal(await cell.locator('.num').textContent(), String(display));
    assert.ok(display !== undefined);
  });
});
