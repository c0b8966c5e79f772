import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { dismissTips, goto, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { apiClient, execIn, removeSessionContainers } from '../support/stack';

/** CASTER_E2E_DESKTOP_IMAGE: a locally built variant of the desktop image (default :latest). */
const DESKTOP_IMAGE = process.env['CASTER_E2E_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';
const run = randomBytes(3).toString('hex');
const FRAME = 'iframe[data-testid="session-frame"]';

/** A 440 Hz tone (peak 8000 of 32767) played into the session's default sink for `seconds`. */
const playTone = (seconds: number): string[] => [
  'sh',
  '-c',
  `python3 -c "import math,struct,sys; sys.stdout.buffer.write(b''.join(struct.pack('<h', int(8000*math.sin(2*math.pi*440*i/24000))) for i in range(24000*${seconds})))" | pacat --playback --raw --format=s16le --rate=24000 --channels=1`,
];
/** Records the session's default source (what apps get as the microphone) and prints its peak. */
const RECORD_PEAK = [
  'sh',
  '-c',
  `timeout 3 parec --latency-msec=20 --raw --format=s16le --rate=24000 --channels=1 | python3 -c "import sys,array; d=sys.stdin.buffer.read(); a=array.array('h'); a.frombytes(d[:len(d)//2*2]); print(max([abs(x) for x in a] or [0]), len(a))"`,
];

type AudioApi = {
  level: () => number;
  setSound: (on: boolean) => Promise<void>;
  state: () => { sound: boolean; connected: boolean; context: string; microphone: boolean };
  stats: { bytes: number; micBytes: number };
};
const level = (f: Frame) =>
  f.evaluate(() => (window as unknown as { casterAudio: AudioApi }).casterAudio.level());
const audioState = (f: Frame) =>
  f.evaluate(() => (window as unknown as { casterAudio: AudioApi }).casterAudio.state());

/**
 * Sound and microphone in real Chromium on the real desktop image, through Caster's viewer: the
 * session page (caster-audio.js) decodes the PCM stream and its analyser says whether it hears
 * anything; Chromium's fake microphone is recorded inside the session.
 */
describe('the session’s sound reaches the visitor and the visitor’s microphone reaches the session', () => {
  let server: RunningServer;
  let browser: Browser;
  const sessionIds = new Set<string>();

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({
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
        // A microphone that beeps, granted without a prompt; sound without a prior gesture is
        // left to the policy (the unmute click below is a real gesture anyway).
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
  });

  afterAll(async () => {
    await removeSessionContainers(sessionIds);
    await browser?.close();
    await server?.stop();
  });

  /** Opens the session in the dashboard's viewer; answers the page and the session's frame. */
  async function openViewer(username: string, password: string, session: SessionView) {
    const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await signIn(page, server.url, { username, password });
    const url = `${server.url}/#/session/${session.id}`;
    for (let attempt = 0; ; attempt++) {
      await goto(page, url);
      try {
        await page
          .frameLocator(FRAME)
          .locator('html.noVNC_connected')
          .waitFor({ state: 'attached', timeout: 20_000 });
        break;
      } catch (e) {
        const shots = process.env['CASTER_E2E_SHOTS'];
        if (shots) await page.screenshot({ path: `${shots}/audio-not-connected-${attempt}.png` });
        if (attempt >= 3) throw e;
      }
    }
    await dismissTips(page);
    const frame = page
      .frames()
      .find((f) => f !== page.mainFrame() && new URL(f.url()).hostname.startsWith(session.id));
    if (!frame) throw new Error('no session frame');
    return { page, frame };
  }

  it('starts muted (audioDefaultOn off), plays the session’s tone after Unmute, and records the fake microphone', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    await api.allUsersSettings(admin, {
      allow_kasm_audio: true,
      kasm_audio_default_on: false,
      allow_kasm_microphone: true,
      max_kasms_per_user: 0,
    });
    const workspaceId = await api.createWorkspace(admin, `E2E sound ${run}`, DESKTOP_IMAGE);
    const password = 'owner-password-123456';
    await api.createUser(admin, `sound-${run}`, password);
    const owner = await api.login(`sound-${run}`, password);
    const session = await api.launch(owner, workspaceId);
    sessionIds.add(session.id);
    await new Promise((r) => setTimeout(r, 2_500));
    const { page, frame } = await openViewer(`sound-${run}`, password, session);

    // Muted: the tone plays inside, nothing is heard, and the Unmute control is in view.
    await execIn(session.id, playTone(60), true);
    const unmute = page.getByRole('button', { name: 'Unmute' });
    await unmute.waitFor();
    await page.waitForTimeout(1_500);
    expect((await audioState(frame)).sound).toBe(false);
    expect(await level(frame)).toBeLessThan(0.005);

    await unmute.click();
    await expect.poll(() => level(frame), { timeout: 20_000 }).toBeGreaterThan(0.05);
    await expect(unmute.isVisible()).resolves.toBe(false);

    // The microphone: the control panel's switch, Chromium's fake device, recorded inside.
    const quiet = (await execIn(session.id, RECORD_PEAK)).trim().split(' ');
    expect(Number(quiet[0])).toBeLessThan(100);
    await page.getByRole('button', { name: 'Controls' }).click();
    // The switch's input sits under its label (and the panel may be taller than the page):
    // operate it with the keyboard, as a user can.
    const micSwitch = page.getByRole('region', { name: 'Microphone' }).getByRole('switch');
    await micSwitch.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => micSwitch.isChecked()).toBe(true);
    await expect.poll(async () => (await audioState(frame)).microphone, { timeout: 15_000 }).toBe(true);
    await expect
      .poll(async () => Number((await execIn(session.id, RECORD_PEAK)).trim().split(' ')[0]), {
        timeout: 30_000,
      })
      .toBeGreaterThan(1000);
    await page.context().close();
  }, 240_000);

  it('with allowAudio off nothing is heard, even when the page asks for the stream itself', async () => {
    const api = apiClient(server);
    const admin = await api.adminToken();
    await api.allUsersSettings(admin, {
      allow_kasm_audio: false,
      kasm_audio_default_on: true,
      allow_kasm_microphone: false,
      max_kasms_per_user: 0,
    });
    const workspaceId = await api.createWorkspace(admin, `E2E no sound ${run}`, DESKTOP_IMAGE);
    const password = 'owner-password-123456';
    await api.createUser(admin, `mute-${run}`, password);
    const owner = await api.login(`mute-${run}`, password);
    const session = await api.launch(owner, workspaceId);
    sessionIds.add(session.id);
    await new Promise((r) => setTimeout(r, 2_500));
    const { page, frame } = await openViewer(`mute-${run}`, password, session);
    await execIn(session.id, playTone(60), true);
    // No sound control in the panel, no Unmute.
    await page.getByRole('button', { name: 'Controls' }).click();
    await page.getByRole('region', { name: 'IME input mode' }).waitFor();
    expect(await page.getByRole('region', { name: 'Sound' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Unmute' }).count()).toBe(0);
    // A page that opens /audio anyway is refused by the proxy: nothing arrives.
    await frame.evaluate(() => (window as unknown as { casterAudio: AudioApi }).casterAudio.setSound(true));
    await page.waitForTimeout(4_000);
    expect(await level(frame)).toBe(0);
    expect(
      await frame.evaluate(() => (window as unknown as { casterAudio: AudioApi }).casterAudio.stats.bytes),
    ).toBe(0);
    expect((await audioState(frame)).connected).toBe(false);
    await page.context().close();
  }, 240_000);
});
