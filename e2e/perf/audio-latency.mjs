// Audio latency of a desktop session: a click played inside the session (written into PulseAudio
// by an app, timestamped there) → its first samples arriving at a WebSocket client, straight from
// the container's port and through the API's session proxy (the media relay), in one run. The
// container shares the host's clock (one kernel), so the two timestamps compare directly.
// Answers p50 / p90 / max per path. The viewer adds its own jitter buffer (caster-audio.js: 60 ms
// before it starts playing) on top of what is measured here.
//
// Part of `npm run bench` (bench.mjs); alone: `BENCH_ONLY=audio npm run bench`.
//   env: CASTER_BENCH_DESKTOP_IMAGE (default caster/desktop:latest), CASTER_BENCH_CLICKS (default 40)
import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';
import { enter } from './rfb-bench.mjs';

const IMAGE = process.env.CASTER_BENCH_DESKTOP_IMAGE ?? 'caster/desktop:latest';
const CLICKS = Number(process.env.CASTER_BENCH_CLICKS ?? 40);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs in the session: real-time silence into pacat, a 5 ms full-scale click every 400 ms, each
 *  click's write time printed (epoch seconds). */
const CLICKER = (clicks) => `
import subprocess, struct, sys, time
p = subprocess.Popen(['pacat', '--playback', '--raw', '--format=s16le', '--rate=24000', '--channels=1',
                      '--latency-msec=20'], stdin=subprocess.PIPE)
silence = b'\\0\\0' * 240
click = struct.pack('<h', 24000) * 120 + b'\\0\\0' * 120
start = time.time(); n = 0; done = 0; next_click = start + 1.0
while done < ${clicks}:
    wait = start + n * 0.01 - time.time()
    if wait > 0: time.sleep(wait)
    if time.time() >= next_click:
        p.stdin.write(click); p.stdin.flush(); print('%.6f' % time.time(), flush=True)
        done += 1; next_click += 0.4
    else:
        p.stdin.write(silence); p.stdin.flush()
    n += 1
for _ in range(50):
    p.stdin.write(silence)
p.stdin.close(); p.wait()
`;

/** Listens on `url`; answers the arrival times (epoch ms) of each click onset. */
function listen(url, headers) {
  const onsets = [];
  let quiet = 0; // samples since the last loud one
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  ws.on('message', (d) => {
    const now = Date.now(); // epoch ms, the clicker's clock (one kernel)
    for (let i = 0; i + 1 < d.length; i += 2) {
      if (Math.abs(d.readInt16LE(i)) > 8000) {
        if (quiet > 2400) onsets.push(now); // a click after ≥ 100 ms of quiet
        quiet = 0;
      } else quiet++;
    }
  });
  const opened = new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  return { ws, onsets, opened };
}

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))];

/** Runs the measurement against a running API (`url`) as `admin`; answers the audio_* figures. */
export async function measureAudio({ url, admin, api, docker, clicks = CLICKS }) {
  await docker.getImage(IMAGE).inspect();
  const apiPort = Number(new URL(url).port);
  let sessionId = null;
  try {
    const ws = (
      await api(url, admin, 'POST', '/api/admin/workspaces', {
        name: `bench-audio-${Date.now()}`,
        type: 'container',
        image: IMAGE,
        cores: 1,
        memoryMb: 512,
      })
    ).body;
    const session = (await api(url, admin, 'POST', '/api/sessions', { workspaceId: ws.id })).body;
    sessionId = session.id;
    for (let i = 0; i < 900; i++) {
      const view = (await api(url, admin, 'GET', `/api/sessions/${session.id}`)).body;
      if (view.state === 'running') break;
      if (view.state === 'failed') throw new Error(JSON.stringify(view));
      await sleep(100);
    }
    const [info] = await docker.listContainers({
      filters: { label: [`org.caster.session-id=${session.id}`] },
    });
    const inspected = await docker.getContainer(info.Id).inspect();
    const port = Number(inspected.NetworkSettings.Ports['6901/tcp'][0].HostPort);
    const secret = (inspected.Config.Env ?? [])
      .find((e) => e.startsWith('CASTER_PROXY_SECRET='))
      ?.split('=')[1];
    const direct = secret
      ? { authorization: `Basic ${Buffer.from(`caster:${secret}`).toString('base64')}` }
      : {};
    const access = (await api(url, admin, 'POST', `/api/sessions/${session.id}/access`)).body;
    const owner = await enter(apiPort, access.enterUrl);

    // The session's audio server starts just after its port answers: wait until a stream flows.
    for (let i = 0; ; i++) {
      const probe = listen(`ws://127.0.0.1:${port}/audio`, direct);
      await probe.opened.catch(() => undefined);
      const got = await new Promise((ok) => {
        let n = 0;
        probe.ws.on('message', () => n++ > 3 && ok(true));
        probe.ws.once('close', () => ok(false));
        setTimeout(() => ok(false), 3000);
      });
      probe.ws.terminate();
      if (got) break;
      if (i > 20) throw new Error('no audio stream from the session');
      await sleep(300);
    }

    const paths = {
      direct: listen(`ws://127.0.0.1:${port}/audio`, direct),
      proxied: listen(`${url.replace('http', 'ws')}/audio`, {
        host: owner.host,
        origin: owner.origin,
        cookie: owner.cookie,
      }),
    };
    await Promise.all(Object.values(paths).map((p) => p.opened));
    await sleep(2000); // parec's first second is startup, not latency
    const clicker = spawn('docker', ['exec', '-i', info.Id, 'python3', '-c', CLICKER(clicks)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const written = [];
    let buf = '';
    clicker.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) if (l.trim()) written.push(Number(l) * 1000);
    });
    await new Promise((r) => clicker.once('exit', r));
    await sleep(1000);
    const result = { audio_image: IMAGE, audio_clicks: written.length };
    for (const [name, p] of Object.entries(paths)) {
      p.ws.close();
      // Each onset belongs to the latest click written before it.
      const lat = p.onsets
        .map((at) => at - Math.max(...written.filter((w) => w <= at)))
        .filter((x) => Number.isFinite(x) && x >= 0 && x < 2000);
      result[`audio_${name}_heard`] = lat.length;
      result[`audio_${name}_p50_ms`] = Number(pct(lat, 0.5)?.toFixed(1));
      result[`audio_${name}_p90_ms`] = Number(pct(lat, 0.9)?.toFixed(1));
      result[`audio_${name}_max_ms`] = Number(Math.max(...lat).toFixed(1));
    }
    result.audio_viewer_jitter_buffer_ms = 60;
    return result;
  } finally {
    if (sessionId) await api(url, admin, 'DELETE', `/api/admin/sessions/${sessionId}`).catch(() => undefined);
    if (sessionId)
      for (const c of await docker.listContainers({
        all: true,
        filters: { label: [`org.caster.session-id=${sessionId}`] },
      }))
        await docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined);
  }
}
