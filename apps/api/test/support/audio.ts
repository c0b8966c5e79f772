import type Docker from 'dockerode';
import type { WebSocket } from 'ws';

/** CASTER_TEST_DESKTOP_IMAGE: a locally built variant of the desktop image (default :latest). */
export const DESKTOP_IMAGE = process.env['CASTER_TEST_DESKTOP_IMAGE'] ?? 'caster/desktop:latest';

/** The media streams' format (docker/session-images/README.md, "Audio"): PCM s16le mono 24 kHz. */
export const PCM_RATE = 24_000;
export const PCM_ARGS = ['--raw', '--format=s16le', `--rate=${PCM_RATE}`, '--channels=1'];

/** Root mean square of little-endian signed 16-bit samples (0 = silence, a 8000-peak sine ≈ 5657). */
export function rms(pcm: Buffer): number {
  const n = Math.floor(pcm.length / 2);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const s = pcm.readInt16LE(i * 2);
    sum += s * s;
  }
  return Math.sqrt(sum / n);
}

/** `seconds` of a 440 Hz sine at `peak`, PCM s16le mono 24 kHz. */
export function tone(seconds: number, peak = 8000): Buffer {
  const n = Math.round(seconds * PCM_RATE);
  const out = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    out.writeInt16LE(Math.round(peak * Math.sin((2 * Math.PI * 440 * i) / PCM_RATE)), i * 2);
  return out;
}

/** A shell-free command to play a 440 Hz tone into the session's default sink for `seconds`. */
export function playToneCmd(seconds: number): string[] {
  const py = `import math,struct,sys; sys.stdout.buffer.write(b''.join(struct.pack('<h', int(8000*math.sin(2*math.pi*440*i/${PCM_RATE}))) for i in range(int(${PCM_RATE}*${seconds}))))`;
  return ['sh', '-c', `python3 -c "${py}" | pacat --playback ${PCM_ARGS.join(' ')}`];
}

/** Runs `cmd` in the container (as its image's user) and resolves with its stdout (demultiplexed). */
export async function execIn(docker: Docker, containerId: string, cmd: string[]): Promise<Buffer> {
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(d));
  await new Promise((r) => stream.on('end', r));
  const raw = Buffer.concat(chunks);
  const out: Buffer[] = [];
  for (let i = 0; i + 8 <= raw.length;) {
    const n = raw.readUInt32BE(i + 4);
    if (raw[i] === 1) out.push(raw.subarray(i + 8, i + 8 + n));
    i += 8 + n;
  }
  return Buffer.concat(out);
}

/** Everything a WebSocket receives from now on, appended as it arrives. */
export function collect(ws: WebSocket): {
  bytes: () => Buffer;
  since: (from: number) => Buffer;
  length: () => number;
} {
  const chunks: Buffer[] = [];
  let total = 0;
  ws.on('message', (d: Buffer) => {
    chunks.push(d);
    total += d.length;
  });
  const bytes = (): Buffer => Buffer.concat(chunks);
  return { bytes, since: (from) => bytes().subarray(from), length: () => total };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds (or throws after `timeoutMs`): a loaded machine starts streams late. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
