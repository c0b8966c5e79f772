import { randomBytes } from 'node:crypto';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dismissTips, goto, launchBrowser, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { apiClient, execIn, removeSessionContainers } from '../support/stack';

const DESKTOP_IMAGE = 'caster/desktop:latest';
const run = randomBytes(3).toString('hex');

/**
 * The X server's pointer position, asked over its socket with the core protocol's QueryPointer
 * (the image has python3 but no X tools for this): what the desktop really received.
 */
const QUERY_POINTER = `
import socket, struct
s = socket.socket(socket.AF_UNIX); s.connect('/tmp/.X11-unix/X1')
s.sendall(struct.pack('<ccHHHHxx', b'l', b'\\0', 11, 0, 0, 0))
def recv(n):
    b = b''
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c: raise SystemExit('closed')
        b += c
    return b
head = recv(8)
if head[0] != 1: raise SystemExit('refused')
extra = recv(struct.unpack('<H', head[6:8])[0] * 4)
vlen, = struct.unpack('<H', extra[16:18]); nfmt = extra[21]
off = 32 + ((vlen + 3) & ~3) + 8 * nfmt
root, = struct.unpack('<I', extra[off:off + 4])
s.sendall(struct.pack('<BxHI', 38, 2, root))
r = recv(32)
print(*struct.unpack('<hh', r[16:20]))
`;

const FRAME = 'iframe[data-testid="session-frame"]';

/** Waits until noVNC in the page's frame is connected; reloads the page (a new enter URL) if not. */
async function waitForDesktop(page: Page, url: string): Promise<FrameLocator> {
  const frame = page.frameLocator(FRAME);
  for (let attempt = 0; ; attempt++) {
    try {
      await frame.locator('html.noVNC_connected').waitFor({ state: 'attached', timeout: 20_000 });
      return frame;
    } catch (e) {
      const shots = process.env['CASTER_E2E_SHOTS'];
      if (shots) await page.screenshot({ path: `${shots}/not-connected-${attempt}.png` });
      if (attempt >= 3) throw e;
      await goto(page, url);
    }
  }
}

describe('a share viewer watches a real desktop (TigerVNC + noVNC) it cannot control', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await removeSessionContainers(sessionIds);
    await browser?.close();
    await server?.stop();
  });

  it('sees the desktop change, while its keyboard and mouse reach nothing and the owner’s do', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    await api.allUsersSettings(admin, {
      allow_kasm_sharing: true,
      allow_kasm_clipboard_up: true,
      allow_kasm_clipboard_down: true,
      max_kasms_per_user: 0,
    });
    const workspaceId = await api.createWorkspace(admin, `E2E desktop ${run}`, DESKTOP_IMAGE);
    const password = 'owner-password-123456';
    await api.createUser(admin, `owner-${run}`, password);
    const owner = await api.login(`owner-${run}`, password);
    const session = await api.launch(owner, workspaceId);
    sessionIds.add(session.id);
    const shareId = await api.share(owner, session.id);
    // Chromium on the Docker host drops loads (and leaves noVNC hanging) while the container's
    // network appears: let it settle before the first page opens.
    await new Promise((r) => setTimeout(r, 2_500));
    const pointer = async () => (await execIn(session.id, ['python3', '-c', QUERY_POINTER])).trim();

    // The owner, in the dashboard's viewer.
    const ownerPage = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signIn(ownerPage, server.url, { username: `owner-${run}`, password });
    const ownerUrl = `${server.url}/#/session/${session.id}`;
    await goto(ownerPage, ownerUrl);
    await waitForDesktop(ownerPage, ownerUrl);
    await dismissTips(ownerPage);

    // The share viewer: another browser, no account.
    const viewerPage = await (await browser.newContext({ viewport: { width: 1000, height: 700 } })).newPage();
    const shareUrl = `${server.url}/#/share/${shareId}`;
    await goto(viewerPage, shareUrl);
    await waitForDesktop(viewerPage, shareUrl);
    await viewerPage.getByTestId('view-only-badge').waitFor();

    // Mouse: the viewer's moves and clicks do not move the desktop's pointer; the owner's do.
    const start = await pointer();
    for (const [x, y] of [
      [200, 200],
      [600, 400],
      [150, 500],
    ] as const) {
      await viewerPage.mouse.move(x, y, { steps: 4 });
      await viewerPage.mouse.click(x, y);
    }
    await viewerPage.waitForTimeout(1_000);
    expect(await pointer()).toBe(start);
    await ownerPage.mouse.move(400, 300, { steps: 4 });
    await expect.poll(pointer, { timeout: 10_000 }).not.toBe(start);

    // Keyboard: the owner focuses the terminal; the viewer types a command, then the owner does.
    await ownerPage.mouse.click(300, 200);
    await viewerPage.mouse.click(300, 200);
    await viewerPage.keyboard.type('touch /tmp/viewer-typed');
    await viewerPage.keyboard.press('Enter');
    await viewerPage.waitForTimeout(1_500);
    await ownerPage.mouse.click(300, 200);
    await ownerPage.keyboard.type('touch /tmp/owner-typed');
    await ownerPage.keyboard.press('Enter');
    const files = async () => (await execIn(session.id, ['ls', '/tmp'])).split('\n');
    await expect.poll(files, { timeout: 10_000 }).toContain('owner-typed');
    expect(await files()).not.toContain('viewer-typed');

    // The owner's clipboard crosses origins by message only: the control panel posts it, the
    // image's bridge (which said it is ready) puts it in noVNC's box, and noVNC sends it on.
    await ownerPage.getByRole('button', { name: 'Controls' }).click();
    const send = ownerPage.getByRole('region', { name: 'Send text to the session' });
    await send.getByRole('textbox').fill('pasted by the owner');
    await send.getByRole('button', { name: 'Send to session' }).click();
    expect(await send.getByRole('status').textContent()).toMatch(/Paste it inside the session/);
    await expect
      .poll(() =>
        ownerPage
          .frameLocator(FRAME)
          .locator('#noVNC_clipboard_text')
          .evaluate((box) => (box as HTMLTextAreaElement).value),
      )
      .toBe('pasted by the owner');
    await ownerPage.keyboard.press('Escape');

    // The picture: a red terminal opened inside shows up in the viewer's frame.
    const frame = viewerPage.locator(FRAME);
    const before = await frame.screenshot();
    await execIn(session.id, ['xterm', '-bg', 'red', '-geometry', '150x50+0+0'], true);
    const changed = async () => {
      const now = await frame.screenshot();
      if (process.env['CASTER_E2E_SHOTS']) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(`${process.env['CASTER_E2E_SHOTS']}/viewer-before.png`, before);
        await writeFile(`${process.env['CASTER_E2E_SHOTS']}/viewer-after.png`, now);
        await writeFile(`${process.env['CASTER_E2E_SHOTS']}/owner.png`, await ownerPage.screenshot());
      }
      return Buffer.compare(before, now) !== 0;
    };
    await expect.poll(changed, { timeout: 15_000 }).toBe(true);

    await viewerPage.context().close();
    await ownerPage.context().close();
  }, 240_000);
});
