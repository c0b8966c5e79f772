// A real RDP server for Caster's tests and benchmarks: the xrdp test image
// (docker/session-images/xrdp-test, built by `build.sh ci`) in a container without Docker networking,
// given an address of its own through a veth pair from the host — reachable from sessions as any
// outside host is (Docker's networks isolate each other, so a container on one would be out of
// reach). Plain JavaScript so that the integration tests, the browser journeys and `npm run bench`
// share one implementation (types in xrdp-server.d.mts).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);
const docker = new Docker();

export const XRDP_TEST_IMAGE = process.env['CASTER_TEST_XRDP_IMAGE'] ?? 'caster/xrdp-test:latest';
export const XRDP_USER = 'rdpuser';
/** The blue background of the xrdp test session's xterm (xrdp-test/startwm.sh), as 0xRRGGBB. */
export const XRDP_BLUE = 0x1e50a0;

/** Output of argv run in a container (stdout and stderr demultiplexed, stdout kept). */
export async function execText(containerId, argv, user) {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: argv,
    AttachStdout: true,
    AttachStderr: true,
    ...(user ? { User: user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks = [];
  stream.on('data', (d) => chunks.push(d));
  await new Promise((r) => stream.on('end', r));
  const raw = Buffer.concat(chunks);
  let text = '';
  for (let i = 0; i + 8 <= raw.length;) {
    const n = raw.readUInt32BE(i + 4);
    if (raw[i] === 1) text += raw.subarray(i + 8, i + 8 + n).toString('utf8');
    i += 8 + n;
  }
  return text;
}

export class XrdpServer {
  /**
   * @param runId hex, at least 6 characters: picks 198.19.<first byte>.0/24 and the veth names
   * @param index 0…62: which /30 of that /24 (several servers per run)
   */
  /**
   * @param options.hold true: the server does not listen until release() (a server not up yet)
   */
  constructor(runId, index, password = 'caster-test-pw', { hold = false } = {}) {
    this.hold = hold;
    const third = parseInt(runId.slice(0, 2), 16);
    this.runId = runId;
    this.password = password;
    this.hostAddress = `198.19.${third}.${index * 4 + 1}`;
    this.address = `198.19.${third}.${index * 4 + 2}`;
    this.hostIf = `cxr${runId.slice(0, 6)}${index}`;
    this.containerId = '';
  }

  async start() {
    const c = await docker.createContainer({
      Image: XRDP_TEST_IMAGE,
      Env: [`RDP_TEST_PASSWORD=${this.password}`, `RDP_TEST_HOLD=${this.hold ? 1 : 0}`],
      Labels: { 'org.caster.test-run': `xrdp-${this.runId}` },
      HostConfig: { NetworkMode: 'none' },
    });
    this.containerId = c.id;
    await c.start();
    const pid = String((await c.inspect()).State.Pid);
    const ip = (...argv) => run('ip', argv);
    const inside = (...argv) => run('nsenter', ['-t', pid, '-n', 'ip', ...argv]);
    await ip('link', 'add', this.hostIf, 'type', 'veth', 'peer', 'name', `${this.hostIf}p`);
    await ip('link', 'set', `${this.hostIf}p`, 'netns', pid);
    await ip('addr', 'add', `${this.hostAddress}/30`, 'dev', this.hostIf);
    await ip('link', 'set', this.hostIf, 'up');
    await inside('addr', 'add', `${this.address}/30`, 'dev', `${this.hostIf}p`);
    await inside('link', 'set', `${this.hostIf}p`, 'up');
    await inside('route', 'add', 'default', 'via', this.hostAddress);
    if (!this.hold) await this.listening();
  }

  /** A held server starts listening (resolves once it does). */
  async release() {
    await execText(this.containerId, ['touch', '/tmp/caster-test-go']);
    await this.listening();
  }

  async listening() {
    // xrdp answers once it listens (3389 = 0x0D3D) and can start a session once its session
    // manager does (3350 = 0x0D16): both in state 0A (LISTEN) in /proc/net/tcp(6).
    for (let i = 0; i < 200; i++) {
      const table = await execText(this.containerId, ['cat', '/proc/net/tcp', '/proc/net/tcp6']);
      if (/:0D3D [0-9A-F:]+ 0A /.test(table) && /:0D16 [0-9A-F:]+ 0A /.test(table)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('xrdp did not start listening on 3389 (and sesman on 3350)');
  }

  /** A file of the RDP user's home ('' when missing). */
  home(file) {
    return execText(this.containerId, ['sh', '-c', `cat /home/${XRDP_USER}/${file} 2>/dev/null || true`]);
  }

  async stop() {
    await run('ip', ['link', 'del', this.hostIf]).catch(() => undefined);
    if (this.containerId)
      await docker
        .getContainer(this.containerId)
        .remove({ force: true })
        .catch(() => undefined);
  }
}
