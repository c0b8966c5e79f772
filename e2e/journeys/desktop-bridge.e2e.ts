import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { docker, TEST_LABEL } from '../support/stack';

const run = promisify(execFile);
/** CASTER_E2E_DESKTOP_IMAGE: a locally built variant of the desktop image (default: what build.sh makes). */
const DESKTOP_IMAGE = process.env['CASTER_E2E_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';

interface Received {
  origin: string;
  data: { source?: string; type?: string; text?: string; features?: string[] };
}

/**
 * The desktop image's caster-bridge.js in real Chromium, framed cross-origin and sandboxed as the
 * dashboard frames it: it answers the parent named by caster_parent, and no one else.
 */
describe('the desktop image’s viewer bridge', () => {
  let browser: Browser;
  let parents: Server;
  let containerId = '';
  let desktopOrigin = '';
  let parentPort = 0;

  beforeAll(async () => {
    const { stdout } = await run('docker', [
      'run',
      '-d',
      '--label',
      `${TEST_LABEL}=1`,
      '-e',
      'CASTER_NO_APPS=1',
      '-p',
      '127.0.0.1::6901',
      DESKTOP_IMAGE,
    ]);
    containerId = stdout.trim();
    const info = await docker.getContainer(containerId).inspect();
    const port = info.NetworkSettings.Ports['6901/tcp']?.[0]?.HostPort;
    desktopOrigin = `http://127.0.0.1:${port}`;
    // One page for every parent: it frames the desktop naming `named` as its parent.
    parents = createServer((req, res) => {
      const named = new URL(req.url ?? '/', 'http://x').searchParams.get('named') ?? '';
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="f" style="width:900px;height:600px"
        sandbox="allow-scripts allow-same-origin allow-forms allow-pointer-lock"
        src="${desktopOrigin}/?caster_parent=${encodeURIComponent(named)}"></iframe>
        <script>window.got = []; addEventListener('message', (e) => got.push({ origin: e.origin, data: e.data }));</script>`);
    });
    await new Promise<void>((ok) => parents.listen(0, '127.0.0.1', ok));
    const address = parents.address();
    parentPort = typeof address === 'object' && address ? address.port : 0;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => parents?.close(ok));
    if (containerId)
      await docker
        .getContainer(containerId)
        .remove({ force: true })
        .catch(() => undefined);
  });

  /** Opens a parent page on `parentUrl` whose frame names `named` as its parent. */
  async function openParent(parentUrl: string, named: string): Promise<{ page: Page; frame: Frame }> {
    const page = await browser.newPage();
    for (let attempt = 0; ; attempt++) {
      try {
        await page.goto(`${parentUrl}/?named=${encodeURIComponent(named)}`);
        await page.waitForFunction(() => document.querySelector('iframe')?.contentWindow !== null);
        const frame = page.frames().find((f) => f.url().startsWith(desktopOrigin));
        if (!frame) throw new Error('no desktop frame');
        await frame.locator('html.noVNC_connected').waitFor({ state: 'attached', timeout: 20_000 });
        return { page, frame };
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
  }

  const got = (page: Page) => page.evaluate(() => (window as unknown as { got: Received[] }).got);
  const post = (page: Page, message: object) =>
    page.evaluate(([m, origin]) => document.querySelector('iframe')?.contentWindow?.postMessage(m, origin), [
      message,
      desktopOrigin,
    ] as const);

  it('drives noVNC’s clipboard and scaling for its parent and hands the remote clipboard back', async () => {
    const parent = `http://localhost:${parentPort}`;
    const { page, frame } = await openParent(parent, parent);
    await expect.poll(async () => (await got(page)).map((m) => m.data.type)).toContain('ready');
    const ready = (await got(page)).find((m) => m.data.type === 'ready');
    expect(ready?.origin).toBe(desktopOrigin);
    expect(ready?.data.features).toEqual(['clipboard', 'resize', 'keys', 'desktop-size', 'disconnect']);
    // Framed by its parent, noVNC's own bar and banner are hidden: the dashboard has its controls.
    expect(await frame.locator('#noVNC_control_bar_anchor').isVisible()).toBe(false);
    expect(await frame.locator('#noVNC_status').isVisible()).toBe(false);

    await post(page, { source: 'caster', type: 'clipboard', text: 'from the viewer' });
    await post(page, { source: 'caster', type: 'resize', mode: 'scale' });
    await expect
      .poll(() =>
        frame.evaluate(() => (document.getElementById('noVNC_clipboard_text') as HTMLTextAreaElement).value),
      )
      .toBe('from the viewer');
    expect(
      await frame.evaluate(
        () => (document.getElementById('noVNC_setting_resize') as HTMLSelectElement).value,
      ),
    ).toBe('scale');

    // noVNC fills its box when the remote clipboard changes: that goes to the parent.
    await frame.evaluate(() => {
      (document.getElementById('noVNC_clipboard_text') as HTMLTextAreaElement).value = 'from the desktop';
    });
    await expect
      .poll(async () => (await got(page)).filter((m) => m.data.type === 'clipboard').map((m) => m.data.text))
      .toEqual(['from the desktop']);
    await page.close();
  });

  it('ignores a parent on another origin than the one named, and tells it nothing', async () => {
    // The frame names localhost as its parent, but 127.0.0.1 frames it.
    const { page, frame } = await openParent(
      `http://127.0.0.1:${parentPort}`,
      `http://localhost:${parentPort}`,
    );
    await frame.evaluate(() => {
      (document.getElementById('noVNC_clipboard_text') as HTMLTextAreaElement).value = 'secret';
    });
    await post(page, { source: 'caster', type: 'clipboard', text: 'forged' });
    await post(page, { source: 'caster', type: 'clipboard-request' });
    await page.waitForTimeout(1_000);
    expect(await got(page)).toEqual([]);
    expect(
      await frame.evaluate(
        () => (document.getElementById('noVNC_clipboard_text') as HTMLTextAreaElement).value,
      ),
    ).toBe('secret');
    await page.close();
  });
});
