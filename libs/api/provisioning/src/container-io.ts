import { type Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult, ExecStream, ExecStreamOptions } from './session-agent';

/** What execInContainer keeps of a command's output: the image decides how much it prints. */
export const EXEC_OUTPUT_LIMIT = 1024 * 1024;
const STDERR_LIMIT = 64 * 1024;
const STDOUT = 1;
const STDERR = 2;

/**
 * Docker multiplexes an exec's stdout and stderr in frames with 8-byte headers when there is no
 * TTY. The frames come from the container — a hostile image chooses their sizes — so payloads are
 * handed on as they arrive: at most one header is ever held, never a whole announced frame.
 */
export class ExecDemuxer {
  private header: Buffer = Buffer.alloc(0);
  private stream = 0;
  private left = 0;

  constructor(private readonly onPayload: (stream: number, data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.left === 0) {
        const take = chunk.subarray(offset, offset + 8 - this.header.length);
        this.header = this.header.length ? Buffer.concat([this.header, take]) : take;
        offset += take.length;
        if (this.header.length < 8) return;
        this.stream = this.header[0];
        this.left = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const n = Math.min(this.left, chunk.length - offset);
      this.onPayload(this.stream, chunk.subarray(offset, offset + n));
      offset += n;
      this.left -= n;
    }
  }
}

/** The exec's exit code; its output can end a moment before the engine records it. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 10));
    info = await exec.inspect();
  }
  return info.ExitCode ?? -1;
}

/** Runs argv inside a container without a shell; answers exit code and combined output (capped). */
export async function execInContainer(
  docker: Docker,
  containerId: string,
  argv: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: argv,
    AttachStdout: true,
    AttachStderr: true,
    User: options.user,
    Env: options.env,
    WorkingDir: options.workdir,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const parts: Buffer[] = [];
  let kept = 0;
  const demuxer = new ExecDemuxer((_stream, data) => {
    if (kept >= EXEC_OUTPUT_LIMIT) return;
    const part = data.subarray(0, EXEC_OUTPUT_LIMIT - kept);
    parts.push(part);
    kept += part.length;
  });
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => demuxer.push(c));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return { exitCode: await exitCodeOf(exec), output: Buffer.concat(parts).toString('utf8') };
}

/**
 * Runs argv inside a container without a shell, streaming: `stdin` (if given) is written and
 * closed, `stdout` is the command's standard output as it comes (read at the reader's pace), and
 * `done` answers the exit code and the first 64 KiB of stderr once the command ended.
 */
export async function execStreamInContainer(
  docker: Docker,
  containerId: string,
  argv: string[],
  options: ExecStreamOptions = {},
): Promise<ExecStream> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: argv,
    AttachStdin: options.stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    User: options.user,
    Env: options.env,
    WorkingDir: options.workdir,
  });
  const socket: Duplex = await exec.start({ hijack: true, stdin: options.stdin !== undefined });
  const stdout = new PassThrough();
  const stderr: Buffer[] = [];
  let stderrBytes = 0;
  const demuxer = new ExecDemuxer((stream, data) => {
    if (stream === STDOUT) {
      if (!stdout.write(data)) socket.pause();
    } else if (stream === STDERR && stderrBytes < STDERR_LIMIT) {
      const part = data.subarray(0, STDERR_LIMIT - stderrBytes);
      stderr.push(part);
      stderrBytes += part.length;
    }
  });
  socket.on('data', (chunk: Buffer) => demuxer.push(chunk));
  stdout.on('drain', () => socket.resume());
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('end', () => resolve());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  const done = ended.then(
    async () => {
      stdout.end();
      return { exitCode: await exitCodeOf(exec), stderr: Buffer.concat(stderr).toString('utf8') };
    },
    (e: unknown) => {
      stdout.destroy(e as Error);
      throw e;
    },
  );
  done.catch(() => undefined); // a caller that only reads stdout still sees the error there
  if (options.stdin !== undefined) socket.end(options.stdin);
  return { stdout, done, destroy: () => socket.destroy() };
}
