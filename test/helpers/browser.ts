// A real Chromium for the web UI's end-to-end tests: Debian's `chromium` package (installed by
// .ci/run) driven by playwright-core. Only when that binary is absent do the tests skip, and they
// say why; a Chromium that is there but fails to start fails the test.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHANGER_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) to run the web UI tests`;
}

export async function launchChromium(): Promise<Browser> {
  // --no-sandbox: the tests run as root (CI too), where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Types a token into the sign-in form and submits it. */
export async function signInWith(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('#token', token);
  await page.click('form button[type=submit]');
}
