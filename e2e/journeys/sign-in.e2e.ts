import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser } from '../support/browser';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';

describe('an administrator signs in through the SPA', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is sent to sign-in, signs in, and sees the admin layout with every section', async () => {
    const page = await browser.newPage();
    await goto(page, `${server.url}/#/admin/users`);
    await page.getByLabel('Username').waitFor();
    expect(page.url()).toContain('#/login');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('admin');
    // Back where the visitor was headed before signing in.
    expect(page.url()).toContain('#/admin/users');
    for (const section of [
      'Workspaces',
      'Groups',
      'Users',
      'Casting',
      'Sessions',
      'Staging',
      'Settings',
      'API keys',
    ]) {
      expect(await page.getByRole('link', { name: section, exact: true }).count(), section).toBeGreaterThan(
        0,
      );
    }
    await page.close();
  });

  it('shows a wrong password as a clear message and stays on sign-in', async () => {
    const page = await browser.newPage();
    await goto(page, `${server.url}/#/login`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('definitely-wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/username or password/i);
    expect(page.url()).toContain('#/login');
    await page.close();
  });

  it('explains an error code on the error page', async () => {
    const page = await browser.newPage();
    await goto(page, `${server.url}/#/error?code=CAST_EXPIRED`);
    await page.getByTestId('error-message').waitFor();
    expect((await page.getByTestId('error-message').textContent()) ?? '').toMatch(/expired/i);
    await page.close();
  });
});
