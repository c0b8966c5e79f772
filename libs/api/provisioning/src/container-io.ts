import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult } from './session-agent';

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

export async function putArchiveInContainer(
  docker: Docker,
  containerId: string,
  directory: string,
  tar: Buffer,
): Promise<void> {
  await docker.getContainer(containerId).putArchive(tar, { path: directory });
}

export async function getArchiveFromContainer(
  docker: Docker,
  containerId: string,
  path: string,
): Promise<Readable> {
  return (await docker.getContainer(containerId).getArchive({ path })) as unknown as Readable;
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
