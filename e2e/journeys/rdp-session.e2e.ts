import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// tools/testing is plain JavaScript shared with `npm run bench`, not an Nx project.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { XRDP_BLUE, XRDP_USER, XrdpServer } from '../../tools/testing/xrdp-server.mjs';
import { dismissTips, goto, launchBrowser, viewerConnected } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { apiClient, containersOf, docker, execIn, removeSessionContainers } from '../support/stack';

const RUN = randomBytes(3).toString('hex');
const SESSION_URL = /#\/session\/([0-9a-f-]{36})$/;
const FRAME = 'iframe[data-testid="session-frame"]';
const GATEWAY_IMAGE = process.env['RDP_GATEWAY_IMAGE'] ?? 'caster/rdp-gateway:latest';

/** The share of the viewer canvas's pixels that are `rgb` (noVNC draws the session's screen there). */
async function shareOf(frame: Frame, rgb: number): Promise<number> {
  return frame.evaluate((want) => {
    const canvas = document.querySelector<HTMLCanvasElement>('#noVNC_container canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4)
      if (((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) === want) hits++;
    return hits / (data.length / 4);
  }, rgb);
}

/** The gateway's log and FreeRDP's argv, for a failure message. */
async function gatewayReport(sessionId: string): Promise<string> {
  const [info] = await containersOf(sessionId);
  if (!info) return '(no gateway container)';
  const logs = await docker.getContainer(info.Id).logs({ stdout: true, stderr: true });
  const args = await execIn(sessionId, ['sh', '-c', 'cat /tmp/caster-freerdp.args']).catch(String);
  return `container ${info.State} (${info.Status})\n${logs.toString('utf8').replace(/[^\n\t\x20-\x7e]/g, '')}\n${args}`;
}

/**
 * A visitor opens a casting link on a Server workspace: the RDP server's desktop (a real xrdp)
 * is painted in Caster's viewer in Chromium, and what the visitor types reaches the remote session.
 */
describe('an RDP server in the visitor’s browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let api: ReturnType<typeof apiClient>;
  let admin = '';
  const rdp = new XrdpServer(RUN, 0, `pw-${RUN}`);
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    await rdp.start();
    [server, browser] = await Promise.all([
      startServer({ RDP_GATEWAY_IMAGE: GATEWAY_IMAGE }),
      launchBrowser(),
    ]);
    api = apiClient(server);
    admin = await api.adminToken();
    await api.allUsersSettings(admin, { max_kasms_per_user: 0 });
  }, 240_000);

  afterAll(async () => {
    for (const id of sessionIds)
      if (server) await api.call(admin, 'DELETE', `/api/admin/sessions/${id}`).catch(() => undefined);
    await removeSessionContainers(sessionIds);
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await rdp.stop();
  });

  it('paints the remote desktop in the viewer and types into the remote session', async () => {
    const workspace = await api.call<{ id: string }>(admin, 'POST', '/api/admin/workspaces', {
      name: `E2E xrdp ${RUN}`,
      type: 'server',
      server: {
        host: rdp.address,
        protocol: 'rdp',
        username: XRDP_USER,
        password: rdp.password,
        ignoreCertificate: true,
      },
    });
    expect(workspace.status, JSON.stringify(workspace.body)).toBe(201);
    const key = `rdp-${RUN}`;
    const link = await api.call(admin, 'POST', '/api/admin/casting', {
      name: `E2E xrdp ${RUN}`,
      key,
      workspaceId: workspace.body.id,
      allowAnonymous: true,
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);

    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page: Page = await context.newPage();
    const answers: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/'))
        void r.text().then(
          (t) => answers.push(t),
          () => undefined,
        );
    });
    await goto(page, `${server.url}/#/cast/${key}`);
    await page.waitForURL(SESSION_URL, { timeout: 60_000 });
    const sessionId = SESSION_URL.exec(page.url())?.[1] ?? '';
    sessionIds.add(sessionId);
    await expect
      .poll(async () => (await containersOf(sessionId))[0]?.Image, { timeout: 30_000 })
      .toBe(GATEWAY_IMAGE);

    const viewer = await (async () => {
      try {
        await viewerConnected(page, `${server.url}/#/session/${sessionId}`, {
          attempts: 4,
          timeoutMs: 45_000,
        });
        const frame = page.frames().find((f) => f.url().includes('vnc.html'));
        if (!frame) throw new Error('no viewer frame');
        return frame;
      } catch (e) {
        await page.screenshot({ path: 'tmp/test-reports/rdp-session-failure.png' }).catch(() => undefined);
        const shown = await page.locator('body').innerText().catch(String);
        throw new Error(
          `${String(e)}\n--- page ---\n${shown}\n--- gateway ---\n${await gatewayReport(sessionId)}\n--- api ---\n${server.output().slice(-4000)}`,
        );
      }
    })();
    // The xrdp session is a maximised xterm on blue: most of the canvas turns that blue.
    try {
      await expect
        .poll(() => shareOf(viewer, XRDP_BLUE), { timeout: 90_000, interval: 500 })
        .toBeGreaterThan(0.5);
    } catch (e) {
      await page.screenshot({ path: 'tmp/test-reports/rdp-session-failure.png' }).catch(() => undefined);
      throw new Error(`${String(e)}\n--- gateway ---\n${await gatewayReport(sessionId)}`);
    }

    // Typing in the viewer: the keys go through noVNC, the relay, FreeRDP and xrdp to the xterm.
    await dismissTips(page);
    await page.frameLocator(FRAME).locator('#noVNC_container canvas').click();
    await page.keyboard.type(`hello ${RUN}`, { delay: 30 });
    await page.keyboard.press('Enter');
    await expect
      .poll(() => rdp.home('typed.txt'), { timeout: 20_000, interval: 250 })
      .toContain(`hello ${RUN}`);

    // Nothing the visitor's browser was told names the server or its credentials.
    const told = answers.join('\n');
    expect(told.length).toBeGreaterThan(0);
    for (const secret of [rdp.address, XRDP_USER, rdp.password]) expect(told).not.toContain(secret);
  }, 300_000);
});
