import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { startTestApp, type TestApp } from './support/test-app';
import {
  GROUP_ALL_ON,
  containersOf,
  createContainerWorkspace,
  docker,
  removeContainersOf,
  setAllUsersSettings,
  waitForSession,
} from './support/sessions';
import { enterAsOwner, enterShare, messagesSoFar, type SessionOriginClient } from './support/session-origin';
import {
  DESKTOP_IMAGE,
  PCM_ARGS,
  collect,
  execIn,
  playToneCmd,
  rms,
  sleep,
  tone,
  until,
} from './support/audio';

/**
 * Sound and microphone on the real path: the desktop image's PulseAudio and audio server, the
 * container's websockify, the API's proxy on the session's own origin, real WebSockets. What is
 * "heard" is measured on the PCM itself (RMS), inside the session for the microphone.
 */
describe('sound and microphone streams through the session proxy', () => {
  let t: TestApp;
  let admin: string;
  let installation: string;
  let withMedia: SessionView;
  let withoutMedia: SessionView;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function launch(workspaceId: string): Promise<SessionView> {
    const res = await t.http().post('/api/sessions').set(auth(admin)).send({ workspaceId }).expect(201);
    return waitForSession(t, admin, (res.body as SessionView).id, ['running'], 90_000);
  }
  async function containerOf(id: string): Promise<string> {
    const info = (await containersOf(installation)).find((x) => x.Labels['org.caster.session-id'] === id);
    if (!info) throw new Error('no container');
    return info.Id;
  }
  async function shareViewer(id: string): Promise<SessionOriginClient> {
    const share = await t.http().post(`/api/sessions/${id}/share`).set(auth(admin)).expect(201);
    return enterShare(t, share.body.shareId as string);
  }

  /**
   * Opens a media stream, again while the container's audio server is still starting (websockify
   * then closes at once): resolves with a socket that stayed open, or the HTTP refusal.
   */
  async function openStream(
    client: SessionOriginClient,
    path: '/audio' | '/microphone',
  ): Promise<WebSocket | { status: number; body: string }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ws = await client.ws(path);
      if (!(ws instanceof WebSocket)) return ws;
      const early = await Promise.race([
        new Promise<boolean>((r) => ws.once('close', () => r(true))),
        sleep(700).then(() => false),
      ]);
      if (!early) return ws;
      if (Date.now() > deadline) throw new Error(`${path} kept closing`);
      await sleep(200);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    installation = t.app.get(AgentsService).instanceId;
    const desktop = await createContainerWorkspace(t, admin, {
      image: DESKTOP_IMAGE,
      memoryMb: 512,
      cores: 1,
    });
    await setAllUsersSettings(t, admin, GROUP_ALL_ON);
    withMedia = await launch(desktop);
    await setAllUsersSettings(t, admin, {
      ...GROUP_ALL_ON,
      allow_kasm_audio: false,
      allow_kasm_microphone: false,
    });
    withoutMedia = await launch(desktop);
  }, 240_000);
  afterAll(async () => {
    if (t && admin) await setAllUsersSettings(t, admin, GROUP_ALL_ON).catch(() => undefined);
    await t?.close();
    if (installation) await removeContainersOf(installation);
  });

  it('with allowAudio, a tone played inside the session reaches the owner and a share viewer as PCM', async () => {
    expect(withMedia.clientSettings.allowAudio).toBe(true);
    const owner = await openStream(await enterAsOwner(t, admin, withMedia.id), '/audio');
    const viewer = await openStream(await shareViewer(withMedia.id), '/audio');
    if (!(owner instanceof WebSocket) || !(viewer instanceof WebSocket)) throw new Error('refused');
    const heard = collect(owner);
    const heardByViewer = collect(viewer);
    // Nothing plays yet: the stream flows (parec starts within a second or so), and it is silence.
    await until(() => heard.length() > 0 && heardByViewer.length() > 0, 20_000, 'the first sound bytes');
    const quietFrom = heard.length();
    await sleep(500);
    expect(heard.length()).toBeGreaterThan(quietFrom);
    expect(rms(heard.since(quietFrom))).toBeLessThan(50);
    const before = heard.length();
    const viewerBefore = heardByViewer.length();
    // A listener's bytes go nowhere (the relay drops them): the stream stays what the session plays.
    viewer.send(Buffer.alloc(4800, 0x7f));
    await execIn(docker, await containerOf(withMedia.id), playToneCmd(1.2));
    await until(
      () => rms(heard.since(before)) > 1000 && rms(heardByViewer.since(viewerBefore)) > 1000,
      10_000,
      'the tone',
    );
    expect(rms(heard.since(before))).toBeGreaterThan(1000);
    expect(rms(heardByViewer.since(viewerBefore))).toBeGreaterThan(1000);
    owner.close();
    viewer.close();
  });

  it('with allowAudio off, the proxy refuses the sound stream and nothing reaches anyone', async () => {
    expect(withoutMedia.clientSettings.allowAudio).toBe(false);
    const owner = await openStream(await enterAsOwner(t, admin, withoutMedia.id), '/audio');
    expect(owner).toMatchObject({ status: 403 });
    expect(JSON.parse((owner as { body: string }).body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const viewer = await openStream(await shareViewer(withoutMedia.id), '/audio');
    expect(viewer).toMatchObject({ status: 403 });
    // The image's second lock: its audio server opened no sound listener for this session.
    const listening = await execIn(docker, await containerOf(withoutMedia.id), [
      'sh',
      '-c',
      'cat /proc/net/tcp | awk \'{print $2, $4}\' | grep " 0A$" || true',
    ]);
    expect(listening.toString()).not.toMatch(/:1267 /i); // 4711
    expect(listening.toString()).not.toMatch(/:1268 /i); // 4712
    // The desktop itself is still streamed.
    const rfb = await (await enterAsOwner(t, admin, withoutMedia.id)).ws('/websockify');
    expect(rfb).toBeInstanceOf(WebSocket);
    (rfb as WebSocket).close();
  });

  it('the microphone is refused without allowMicrophone and to a share viewer', async () => {
    const off = await openStream(await enterAsOwner(t, admin, withoutMedia.id), '/microphone');
    expect(off).toMatchObject({ status: 403 });
    expect(withMedia.clientSettings.allowMicrophone).toBe(true);
    const viewer = await openStream(await shareViewer(withMedia.id), '/microphone');
    expect(viewer).toMatchObject({ status: 403 });
    // Paths another URL parser would read as the microphone or the sound (Python's urlparse: host
    // x, path /microphone; `;` parameters) are not media to the gate, and the image's router agrees:
    // they reach Xvnc, whose RFB greeting is the first thing the share viewer hears.
    const watcher = await shareViewer(withMedia.id);
    for (const path of ['//x/microphone', '/microphone;x', '//x/audio', '/audio;x']) {
      const ws = await watcher.ws(path);
      if (!(ws instanceof WebSocket)) throw new Error(`${path}: ${JSON.stringify(ws)}`);
      const [early] = messagesSoFar(ws);
      const first = early
        ? early.toString('latin1')
        : await new Promise<string>((resolve, reject) => {
            ws.once('message', (d: Buffer) => resolve(d.toString('latin1')));
            ws.once('close', () => reject(new Error(`${path} closed before a byte`)));
          });
      expect(first, path).toBe('RFB 003.008\n');
      ws.close();
    }
  });

  it("with allowMicrophone, the owner's PCM reaches the session's PulseAudio source", async () => {
    const mic = await openStream(await enterAsOwner(t, admin, withMedia.id), '/microphone');
    if (!(mic instanceof WebSocket)) throw new Error(`refused: ${mic.status}`);
    const container = await containerOf(withMedia.id);
    // Recorded inside the session from the default source, as any app would record the microphone.
    const record = (seconds: number) =>
      execIn(docker, container, ['timeout', String(seconds), 'parec', '--latency-msec=20', ...PCM_ARGS]);
    // Nothing sent: the source records silence.
    expect(rms(await record(1))).toBeLessThan(50);
    const recording = record(2.5);
    await sleep(300);
    const pcm = tone(2);
    // 20 ms chunks, in real time, as the viewer's microphone sends them.
    for (let at = 0; at < pcm.length; at += 960) {
      mic.send(pcm.subarray(at, at + 960));
      await sleep(20);
    }
    const recorded = await recording;
    expect(recorded.length).toBeGreaterThan(24_000);
    expect(rms(recorded)).toBeGreaterThan(1000);
    mic.close();
  });
});
