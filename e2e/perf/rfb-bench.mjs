// RFB full-frame updates per second on the desktop image (TigerVNC behind websockify), straight from
// the container's published port and through the API's session proxy (the RFB relay), in one run.
// A headless viewer asks for non-incremental FramebufferUpdates of the whole screen in Raw, one at a
// time, for a fixed time; each update is ~4 MB at 1280x800x32bpp, so this measures the relay's
// streaming cost, not the VNC server's encoder.
import { Agent, request } from 'node:http';
import { WebSocket } from 'ws';

const DESKTOP_IMAGE = 'caster/desktop:latest';
const u16 = (n) => [(n >> 8) & 255, n & 255];

/** Opens an RFB viewer on `url`; answers { updates, mb } after `seconds` of back-to-back full frames. */
export function fullFrames(url, headers, seconds) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary'], { headers, perMessageDeflate: false });
    let head = Buffer.alloc(0); // bytes of a header being read (never a pixel body)
    let skip = 0; // pixel bytes still to skip
    let stage = 'version';
    let rectsLeft = 0;
    let width = 0;
    let height = 0;
    let updates = 0;
    let bytes = 0;
    let until = 0;
    const request = () => ws.send(Buffer.from([3, 0, 0, 0, 0, 0, ...u16(width), ...u16(height)]));
    const need = (n) => (head.length >= n ? head : null);
    const done = () => {
      ws.close();
      resolve({ updates, seconds, mb: bytes / 1e6 });
    };
    ws.on('error', (e) => reject(new Error(`${url}: ${e.message}`)));
    ws.on('close', () => {
      if (until === 0) reject(new Error(`RFB socket closed during the handshake at ${stage}`));
    });
    ws.on('message', (data) => {
      bytes += data.length;
      let d = data;
      while (d.length > 0) {
        if (skip > 0) {
          const k = Math.min(skip, d.length);
          skip -= k;
          d = d.subarray(k);
          if (skip === 0 && rectsLeft === 0) finishUpdate();
          continue;
        }
        // Headers are small: collect them byte-exact (at most one header past `d`'s start).
        head = Buffer.concat([head, d]);
        d = Buffer.alloc(0);
        const rest = step();
        if (rest === null) continue; // waiting for more header bytes
        d = rest;
      }
    });

    function finishUpdate() {
      updates++;
      if (performance.now() < until) request();
      else done();
    }

    /** Consumes one header from `head`; answers the leftover bytes, or null when incomplete. */
    function step() {
      const take = (n) => {
        const rest = head.subarray(n);
        head = Buffer.alloc(0);
        return rest;
      };
      switch (stage) {
        case 'version':
          if (!need(12)) return null;
          ws.send(Buffer.from('RFB 003.008\n'));
          stage = 'types';
          return take(12);
        case 'types': {
          if (!need(1) || !need(1 + head[0])) return null;
          if (![...head.subarray(1, 1 + head[0])].includes(1)) throw new Error('no None security');
          ws.send(Buffer.from([1]));
          stage = 'result';
          return take(1 + head[0]);
        }
        case 'result':
          if (!need(4)) return null;
          ws.send(Buffer.from([1])); // ClientInit, shared
          stage = 'init';
          return take(4);
        case 'init': {
          if (!need(24) || !need(24 + head.readUInt32BE(20))) return null;
          width = head.readUInt16BE(0);
          height = head.readUInt16BE(2);
          // 32 bpp 8-8-8 true colour, Raw only.
          ws.send(Buffer.from([0, 0, 0, 0, 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]));
          ws.send(Buffer.from([2, 0, 0, 1, 0, 0, 0, 0]));
          stage = 'message';
          const rest = take(24 + head.readUInt32BE(20));
          until = performance.now() + seconds * 1000;
          request();
          return rest;
        }
        case 'message':
          if (!need(1)) return null;
          if (head[0] === 0) {
            if (!need(4)) return null;
            rectsLeft = head.readUInt16BE(2);
            stage = 'rect';
            return take(4);
          }
          if (head[0] === 2) return take(1);
          if (head[0] === 3) {
            if (!need(8) || !need(8 + head.readUInt32BE(4))) return null;
            return take(8 + head.readUInt32BE(4));
          }
          throw new Error(`unexpected server message ${head[0]}`);
        case 'rect': {
          if (!need(12)) return null;
          const w = head.readUInt16BE(4);
          const h = head.readUInt16BE(6);
          rectsLeft--;
          if (rectsLeft === 0) stage = 'message';
          skip = w * h * 4;
          const rest = take(12);
          if (skip === 0 && rectsLeft === 0) finishUpdate();
          return rest;
        }
      }
      throw new Error(`bad stage ${stage}`);
    }
  });
}

/**
 * One HTTP GET to 127.0.0.1:`port` with `headers` (Host names a session origin); answers status,
 * headers and body. Node's fetch may not set Host, and `*.localhost` need not resolve here.
 */
function get(port, path, headers, agent) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Trades a single-use entry URL for the session origin's cookie; answers the headers a viewer sends. */
export async function enter(apiPort, enterUrl) {
  const u = new URL(enterUrl);
  const res = await get(apiPort, `${u.pathname}${u.search}`, { host: u.host });
  if (res.status !== 303) throw new Error(`enter ${enterUrl}: ${res.status} ${res.body}`);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
  return { host: u.host, origin: u.origin, cookie };
}

/**
 * Every file noVNC's page loads (vnc.html, its scripts, styles, images and ES module imports),
 * found by following references from vnc.html on the container itself.
 */
async function viewerFiles(port, headers) {
  const seen = new Set();
  const queue = ['/vnc.html'];
  const refs = /(?:src|href)\s*=\s*["']([^"'#?]+)|(?:import|from)\s*\(?\s*["']([^"'#?]+)["']/g;
  while (queue.length > 0) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    const res = await get(port, path, headers);
    if (res.status !== 200) continue;
    seen.add(path);
    if (!/\.(html|js|css)$/.test(path)) continue;
    for (const m of res.body.toString('utf8').matchAll(refs)) {
      const ref = m[1] ?? m[2];
      if (!ref || /^[a-z]+:/i.test(ref) || ref.startsWith('//')) continue;
      const resolved = new URL(ref, `http://x${path}`).pathname;
      if (!seen.has(resolved)) queue.push(resolved);
    }
  }
  return [...seen];
}

/** Loads `files` as a browser does (6 connections, kept alive), `rounds` times; answers ms per load. */
async function loadFiles(port, headers, files, rounds) {
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  const times = [];
  let bytes = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      bytes = 0;
      await Promise.all(
        files.map(async (f) => {
          const res = await get(port, f, headers, agent);
          if (res.status !== 200) throw new Error(`${f}: ${res.status}`);
          bytes += res.body.length;
        }),
      );
      times.push(performance.now() - started);
    }
  } finally {
    agent.destroy();
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], bytes };
}

/**
 * Launches one desktop session through the API (`api(url, token, method, path, body)` is bench.mjs's
 * JSON helper), then measures, straight from the container's published port and through the
 * session's own origin: the noVNC viewer's files, and RFB full frames as the owner (stream passed
 * through after ServerInit) and as a share viewer (view-only: the server stream is parsed to drop
 * ServerCutText).
 */
export async function measureRfb({ url, admin, api, docker, seconds = 5 }) {
  await docker
    .getImage(DESKTOP_IMAGE)
    .inspect()
    .catch(() => {
      throw new Error(`${DESKTOP_IMAGE} is missing: run npm run images`);
    });
  const ws = (
    await api(url, admin, 'POST', '/api/admin/workspaces', {
      name: `bench-desktop-${Date.now()}`,
      type: 'container',
      image: DESKTOP_IMAGE,
      cores: 1,
      memoryMb: 512,
    })
  ).body;
  const session = (await api(url, admin, 'POST', '/api/sessions', { workspaceId: ws.id })).body;
  let view;
  for (let i = 0; i < 600; i++) {
    view = (await api(url, admin, 'GET', `/api/sessions/${session.id}`)).body;
    if (view.state === 'running' || view.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (view.state !== 'running') throw new Error(`desktop session: ${JSON.stringify(view)}`);
  try {
    const [info] = await docker.listContainers({
      filters: { label: [`org.caster.session-id=${session.id}`] },
    });
    const inspected = await docker.getContainer(info.Id).inspect();
    const port = Number(inspected.NetworkSettings.Ports['6901/tcp'][0].HostPort);
    // The container's port answers only to the proxy's per-session credential (BasicHTTPAuth);
    // the direct path presents it as the proxy does.
    const secretEnv = (inspected.Config.Env ?? []).find((e) => e.startsWith('CASTER_PROXY_SECRET='));
    const direct = secretEnv
      ? { authorization: `Basic ${Buffer.from(`caster:${secretEnv.split('=')[1]}`).toString('base64')}` }
      : {};
    const apiPort = Number(new URL(url).port);
    const access = (await api(url, admin, 'POST', `/api/sessions/${session.id}/access`)).body;
    if (!access?.enterUrl) throw new Error(`access: ${JSON.stringify(access)}`);
    const owner = await enter(apiPort, access.enterUrl);
    const share = (await api(url, admin, 'POST', `/api/sessions/${session.id}/share`)).body;
    if (!share?.shareId) throw new Error(`share: ${JSON.stringify(share)}`);
    const join = (await api(url, null, 'POST', `/api/shares/${share.shareId}/join`)).body;
    if (!join?.enterUrl) throw new Error(`join: ${JSON.stringify(join)}`);
    const viewer = await enter(apiPort, join.enterUrl);

    // The viewer's files: what the frame loads before the first RFB byte.
    const files = await viewerFiles(port, direct);
    if (files.length < 5) throw new Error(`noVNC files: only ${files.join(', ')}`);
    await loadFiles(port, direct, files, 2);
    await loadFiles(apiPort, owner, files, 2);
    const filesDirect = [];
    const filesProxied = [];
    for (let i = 0; i < 3; i++) {
      filesDirect.push((await loadFiles(port, direct, files, 5)).p50);
      filesProxied.push((await loadFiles(apiPort, owner, files, 5)).p50);
    }
    const { bytes: filesBytes } = await loadFiles(apiPort, owner, files, 1);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    const directWs = `ws://127.0.0.1:${port}/websockify`;
    const proxied = `${url.replace('http', 'ws')}/websockify`;
    await fullFrames(directWs, direct, 1); // warm up the server and the JIT
    await fullFrames(proxied, owner, 1);
    // Alternate so that load drifts touch every path alike.
    const runs = { direct: [], owner: [], viewer: [] };
    for (let i = 0; i < 2; i++) {
      runs.direct.push(await fullFrames(directWs, direct, seconds / 2));
      runs.owner.push(await fullFrames(proxied, owner, seconds / 2));
      runs.viewer.push(await fullFrames(proxied, viewer, seconds / 2));
    }
    const fps = (xs) => xs.reduce((n, r) => n + r.updates, 0) / xs.reduce((n, r) => n + r.seconds, 0);
    const direct_fps = fps(runs.direct);
    return {
      viewer_files: files.length,
      viewer_files_kb: Math.round(filesBytes / 1024),
      viewer_files_direct_ms: Number(median(filesDirect).toFixed(1)),
      viewer_files_proxied_ms: Number(median(filesProxied).toFixed(1)),
      viewer_files_ratio: Number((median(filesProxied) / median(filesDirect)).toFixed(3)),
      rfb_direct_fps: Number(direct_fps.toFixed(1)),
      rfb_relay_owner_fps: Number(fps(runs.owner).toFixed(1)),
      rfb_relay_viewer_fps: Number(fps(runs.viewer).toFixed(1)),
      rfb_relay_owner_ratio: Number((fps(runs.owner) / direct_fps).toFixed(3)),
      rfb_relay_viewer_ratio: Number((fps(runs.viewer) / direct_fps).toFixed(3)),
      rfb_frame_mb: Number((runs.direct[0].mb / Math.max(1, runs.direct[0].updates)).toFixed(2)),
    };
  } finally {
    await api(url, admin, 'DELETE', `/api/sessions/${session.id}`);
  }
}
