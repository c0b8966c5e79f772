import { type Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult, ExecStream, ExecStreamOptions } from './session-agent';

/** Runs argv inside a container without a shell; answers exit code and combined output. */
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
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
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
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const payload = pending.subarray(8, 8 + size);
      if (pending[0] === 2) {
        if (stderrBytes < 65536) stderr.push(payload);
        stderrBytes += payload.length;
      } else if (pending[0] === 1 && !stdout.write(payload)) {
        socket.pause();
      }
      pending = pending.subarray(8 + size);
    }
  });
  stdout.on('drain', () => socket.resume());
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('end', () => resolve());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  const done = ended.then(
    async () => {
      stdout.end();
      let info = await exec.inspect();
      // the stream can end a moment before the engine records the exit code
      for (let i = 0; info.Running && i < 200; i++) {
        await new Promise((r) => setTimeout(r, 10));
        info = await exec.inspect();
      }
      return { exitCode: info.ExitCode ?? -1, stderr: Buffer.concat(stderr).toString('utf8') };
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

/** Docker multiplexes stdout/stderr with 8-byte frame headers when there is no TTY. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
