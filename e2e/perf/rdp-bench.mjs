// Cast → first RDP frame: how long a visitor waits from the cast request until the remote desktop
// of a real xrdp server (docker/session-images/xrdp-test) is on their screen through Caster (API,
// RDP gateway container on the sessions network, session proxy, RFB relay), against the same
// gateway image started with `docker run` and read straight from its port — FreeRDP connecting
// directly to the same server with no Caster in between. Both paths alternate in one run.
//
// "On screen" is measured by a headless RFB viewer: it asks for the whole screen (Raw, 32 bpp) and
// then for what changed, and stops when half the screen shows the xrdp session's blue background.
// The xrdp server keeps the user's X session between connections (as Windows does), so after the
// first warm-up every run of both paths reconnects to a running remote session.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { XRDP_BLUE, XRDP_USER, XrdpServer } from '../../tools/testing/xrdp-server.mjs';
import { enter } from './rfb-bench.mjs';

const run = promisify(execFile);
const GATEWAY_IMAGE = process.env.RDP_GATEWAY_IMAGE ?? 'caster/rdp-gateway:latest';
const u16 = (n) => [(n >> 8) & 255, n & 255];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects an RFB viewer to `url` (retrying while the port is not up yet) and answers when at
 * least `share` of the screen is `rgb` (0xRRGGBB), or rejects at `deadline` (performance.now()).
 */
export function untilColour(url, headers, rgb, deadline, share = 0.5) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
      let opened = false;
      let head = Buffer.alloc(0);
      let stage = 'version';
      let width = 0;
      let height = 0;
      let painted; // one byte per screen pixel: 1 when it shows rgb
      let hits = 0;
      let rectsLeft = 0;
      let rect = null; // { x, y, w, h, at } of the Raw rectangle being read
      let partial = Buffer.alloc(0); // bytes of a pixel split across messages
      const ask = (incremental) =>
        ws.send(Buffer.from([3, incremental, 0, 0, 0, 0, ...u16(width), ...u16(height)]));
      const timer = setTimeout(
        () => {
          ws.terminate();
          reject(new Error(`${url}: no ${rgb.toString(16)} screen before the deadline (stage ${stage})`));
        },
        Math.max(0, deadline - performance.now()),
      );
      ws.on('open', () => (opened = true));
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (stage === 'done') return;
        if (!opened && performance.now() < deadline) {
          clearTimeout(timer);
          setTimeout(attempt, 50);
        } else if (stage !== 'done') {
          clearTimeout(timer);
          reject(new Error(`${url}: closed at ${stage}`));
        }
      });
      const pixels = (d) => {
        // Raw pixels, little-endian 32 bpp with red at bit 16: bytes B G R X.
        let buf = partial.length ? Buffer.concat([partial, d]) : d;
        const total = rect.w * rect.h;
        let i = 0;
        while (i + 4 <= buf.length && rect.at < total) {
          const colour = (buf[i + 2] << 16) | (buf[i + 1] << 8) | buf[i];
          const px = (rect.y + Math.floor(rect.at / rect.w)) * width + rect.x + (rect.at % rect.w);
          const was = painted[px];
          const now = colour === rgb ? 1 : 0;
          if (was !== now) {
            painted[px] = now;
            hits += now ? 1 : -1;
          }
          rect.at++;
          i += 4;
        }
        const rest = buf.subarray(i);
        if (rect.at < total) {
          partial = Buffer.from(rest);
          return Buffer.alloc(0);
        }
        partial = Buffer.alloc(0);
        rect = null;
        if (--rectsLeft === 0) {
          stage = 'message';
          if (hits >= share * width * height) {
            stage = 'done';
            clearTimeout(timer);
            ws.close();
            resolve();
          } else ask(1);
        }
        return rest;
      };
      ws.on('message', (data) => {
        let d = data;
        while (d.length > 0 && stage !== 'done') {
          if (rect) {
            d = pixels(d);
            continue;
          }
          head = Buffer.concat([head, d]);
          d = Buffer.alloc(0);
          const rest = step();
          if (rest === null) break;
          d = rest;
        }
      });
      const take = (n) => {
        const rest = head.subarray(n);
        head = Buffer.alloc(0);
        return rest;
      };
      function step() {
        switch (stage) {
          case 'version':
            if (head.length < 12) return null;
            ws.send(Buffer.from('RFB 003.008\n'));
            stage = 'types';
            return take(12);
          case 'types':
            if (head.length < 1 || head.length < 1 + head[0]) return null;
            ws.send(Buffer.from([1]));
            stage = 'result';
            return take(1 + head[0]);
          case 'result':
            if (head.length < 4) return null;
            ws.send(Buffer.from([1]));
            stage = 'init';
            return take(4);
          case 'init': {
            if (head.length < 24 || head.length < 24 + head.readUInt32BE(20)) return null;
            width = head.readUInt16BE(0);
            height = head.readUInt16BE(2);
            painted = new Uint8Array(width * height);
            ws.send(Buffer.from([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]));
            ws.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0]));
            stage = 'message';
            const rest = take(24 + head.readUInt32BE(20));
            ask(0);
            return rest;
          }
          case 'message':
            if (head.length < 1) return null;
            if (head[0] === 0) {
              if (head.length < 4) return null;
              rectsLeft = head.readUInt16BE(2);
              stage = 'rect';
              if (rectsLeft === 0) {
                stage = 'message';
                ask(1);
              }
              return take(4);
            }
            if (head[0] === 2) return take(1);
            if (head[0] === 3) {
              if (head.length < 8 || head.length < 8 + head.readUInt32BE(4)) return null;
              return take(8 + head.readUInt32BE(4));
            }
            throw new Error(`unexpected server message ${head[0]}`);
          case 'rect': {
            if (head.length < 12) return null;
            const [x, y, w, h] = [0, 2, 4, 6].map((o) => head.readUInt16BE(o));
            if (head.readInt32BE(8) !== 0) throw new Error(`unexpected encoding ${head.readInt32BE(8)}`);
            rect = { x, y, w, h, at: 0 };
            const rest = take(12);
            if (w * h === 0) {
              rect = null;
              if (--rectsLeft === 0) {
                stage = 'message';
                ask(1);
              }
            }
            return rest;
          }
        }
        throw new Error(`bad stage ${stage}`);
      }
    };
    attempt();
  });
}

/** The gateway image run by hand: the same environment the API gives it, the password as a file. */
async function dockerRunGateway(docker, label, server) {
  const c = await docker.createContainer({
    Image: GATEWAY_IMAGE,
    Env: [
      `CASTER_RDP_HOST=${server.address}`,
      'CASTER_RDP_PORT=3389',
      `CASTER_RDP_USERNAME=${XRDP_USER}`,
      'CASTER_RDP_IGNORE_CERT=1',
      'VNC_RESOLUTION=1280x800',
    ],
    Labels: { 'org.caster.test-run': label },
    ExposedPorts: { '6901/tcp': {} },
    HostConfig: { PortBindings: { '6901/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  const dir = await mkdtemp(join(tmpdir(), 'caster-rdp-bench-'));
  try {
    await mkdir(join(dir, 'run/caster-secrets'), { recursive: true });
    await writeFile(join(dir, 'run/caster-secrets/rdp-password'), `${server.password}\n`, { mode: 0o600 });
    const { stdout } = await run(
      'tar',
      ['-C', dir, '--owner=1000', '--group=1000', '--numeric-owner', '-cf', '-', 'run/caster-secrets'],
      { encoding: 'buffer', maxBuffer: 1 << 20 },
    );
    await c.putArchive(stdout, { path: '/' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await c.start();
  const port = (await c.inspect()).NetworkSettings.Ports['6901/tcp'][0].HostPort;
  return { container: c, url: `ws://127.0.0.1:${port}/websockify` };
}

/**
 * Answers { rdp_direct_p50_ms, rdp_cast_p50_ms, rdp_ratio, … } over `runs` alternating launches.
 * `api(url, token, method, path, body)` is bench.mjs's JSON helper.
 */
export async function measureRdp({ url, admin, api, docker, label, runs = 5 }) {
  for (const image of [GATEWAY_IMAGE, process.env.CASTER_TEST_XRDP_IMAGE ?? 'caster/xrdp-test:latest'])
    await docker
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new Error(`${image} is missing: run npm run images -- ci`);
      });
  const server = new XrdpServer(randomBytes(3).toString('hex'), 0, `bench-${randomBytes(4).toString('hex')}`);
  await server.start();
  const apiPort = Number(new URL(url).port);
  try {
    const ws = (
      await api(url, admin, 'POST', '/api/admin/workspaces', {
        name: `bench-xrdp-${Date.now()}`,
        type: 'server',
        server: {
          host: server.address,
          protocol: 'rdp',
          username: XRDP_USER,
          password: server.password,
          ignoreCertificate: true,
        },
      })
    ).body;
    const link = (
      await api(url, admin, 'POST', '/api/admin/casting', {
        name: `bench-xrdp-${randomBytes(3).toString('hex')}`,
        workspaceId: ws.id,
        allowAnonymous: true,
      })
    ).body;

    const direct = async () => {
      const t0 = performance.now();
      const g = await dockerRunGateway(docker, label, server);
      try {
        await untilColour(g.url, {}, XRDP_BLUE, t0 + 60_000);
        return performance.now() - t0;
      } finally {
        await g.container.remove({ force: true });
      }
    };
    const cast = async () => {
      const t0 = performance.now();
      const res = await api(url, null, 'POST', `/api/cast/${link.key}`, {});
      if (res.status !== 201) throw new Error(`cast: ${JSON.stringify(res.body)}`);
      const { sessionId, token } = res.body;
      try {
        for (;;) {
          const view = (await api(url, token, 'GET', `/api/sessions/${sessionId}`)).body;
          if (view.state === 'running') break;
          if (view.state === 'failed' || performance.now() - t0 > 60_000)
            throw new Error(`gateway session: ${JSON.stringify(view)}`);
          await sleep(25);
        }
        const access = (await api(url, token, 'POST', `/api/sessions/${sessionId}/access`)).body;
        if (!access?.enterUrl) throw new Error(`access: ${JSON.stringify(access)}`);
        const owner = await enter(apiPort, access.enterUrl);
        await untilColour(`${url.replace('http', 'ws')}/websockify`, owner, XRDP_BLUE, t0 + 60_000);
        return performance.now() - t0;
      } finally {
        await api(url, admin, 'DELETE', `/api/admin/sessions/${sessionId}`);
      }
    };

    await direct(); // warm-up: xrdp starts the user's X session once
    await cast();
    const times = { direct: [], cast: [] };
    for (let i = 0; i < runs; i++) {
      times.direct.push(await direct());
      times.cast.push(await cast());
    }
    const sorted = (xs) => [...xs].sort((a, b) => a - b);
    const p50 = (xs) => sorted(xs)[Math.floor((xs.length - 1) / 2)];
    const spread = (xs) => `${Math.round(sorted(xs)[0])}–${Math.round(sorted(xs).at(-1))}`;
    return {
      rdp_runs: runs,
      rdp_direct_p50_ms: Math.round(p50(times.direct)),
      rdp_direct_spread_ms: spread(times.direct),
      rdp_cast_p50_ms: Math.round(p50(times.cast)),
      rdp_cast_spread_ms: spread(times.cast),
      rdp_ratio: Number((p50(times.cast) / p50(times.direct)).toFixed(3)),
    };
  } finally {
    await server.stop();
  }
}
