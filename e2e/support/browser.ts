import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded build), with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CASTER_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Chromium on the Docker host aborts loads with ERR_NETWORK_CHANGED while a container's veth
 * appears; retry the navigation rather than fail the journey on it.
 */
export async function goto(page: Page, url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return;
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('ERR_NETWORK_CHANGED')) throw e;
      await page.waitForTimeout(500);
    }
  }
}

/**
 * Signs in through the SPA's form and waits to leave the sign-in page. The same network change
 * can abort the form's POST (the page then stays on sign-in with a network error); submit again.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  credentials: { username: string; password: string },
  next?: string,
): Promise<void> {
  await goto(page, `${baseUrl}/#/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  for (let attempt = 0; ; attempt++) {
    await page.getByRole('textbox', { name: 'Username' }).fill(credentials.username);
    await page.getByLabel('Password', { exact: true }).fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    try {
      await page.waitForURL((u) => !u.hash.startsWith('#/login'), { timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/**
 * Waits until noVNC in the session page's viewer frame is connected (`html.noVNC_connected`),
 * reloading the session page (`sessionUrl`) between attempts: a loaded host can drop the first
 * connection while the container's network appears.
 */
export async function viewerConnected(
  page: Page,
  sessionUrl: string,
  { attempts = 3, timeoutMs = 30_000 }: { attempts?: number; timeoutMs?: number } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page
        .frameLocator('iframe[data-testid="session-frame"]')
        .locator('html.noVNC_connected')
        .waitFor({ state: 'attached', timeout: timeoutMs });
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
      await goto(page, sessionUrl);
    }
  }
}

/**
 * Closes the viewer's "Before you start" tips. The dialog opens when the session frame fires
 * `load`, which can come a moment after noVNC reports connected, so a one-off visibility check
 * races it (and the modal's overlay then swallows the journey's next click): wait for it, close
 * it, and wait until it is gone.
 */
export async function dismissTips(
  page: Page,
  { timeoutMs = 15_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const tips = page.getByRole('dialog', { name: 'Before you start' });
  await tips.waitFor({ state: 'visible', timeout: timeoutMs });
  await tips.getByRole('button', { name: 'Got it' }).click();
  await tips.waitFor({ state: 'hidden', timeout: timeoutMs });
}
