import { posix } from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { classifyDockerError, type ExecStream, type SessionAgent } from '@caster/api/provisioning';
import { AgentsService } from '@caster/api/provisioning';
import type { Session } from '../state/sessions.repository';
import { homeComponents, SESSION_HOME, transferRoot, transferUser, uploadName } from './container-path';
import { DOWNLOAD_HEADER, TRANSFER_EXIT, transferArgv } from './transfer-script';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const TRANSFER_ENV = ['PATH=/usr/bin:/bin:/usr/sbin:/sbin', 'LC_ALL=C'];

/**
 * An engine that does not answer, or a Swarm task on a node whose engine Caster cannot reach, is
 * a coded 503 the visitor can retry — not a 500. Anything else is rethrown as it is.
 */
export function fileTransferFailure(e: unknown): unknown {
  const reason = classifyDockerError(e).reason;
  if (reason === 'ENGINE_UNAVAILABLE' || reason === 'REMOTE_TASK')
    return new AppError(
      'SERVICE_UNAVAILABLE',
      "The session's host cannot be reached for file transfers right now",
      undefined,
      { 'Retry-After': '5' },
    );
  // the container stopped or went away between the session's state and the exec
  const status = (e as { statusCode?: number } | null)?.statusCode;
  if (status === 404 || status === 409 || reason === 'TASK_FAILED')
    return new AppError('CONFLICT', 'The session is not running');
  return e;
}

/** What the transfer script's exit code means for the visitor (0 is success and not mapped). */
export function transferRefusal(mode: 'put' | 'get', exitCode: number): AppError {
  const notAllowed = (why: string) =>
    new AppError('PATH_NOT_ALLOWED', `That path cannot be used for file transfer: ${why}`, {
      fields: { path: why },
    });
  switch (exitCode) {
    case TRANSFER_EXIT.LINK:
      return notAllowed('it goes through a symbolic link');
    case TRANSFER_EXIT.NOT_A_FOLDER:
      return notAllowed('a part of it is not a folder');
    case TRANSFER_EXIT.NOT_A_FILE:
      return notAllowed('it is not a regular file');
    case TRANSFER_EXIT.DENIED:
      return notAllowed('the session user may not use it');
    case TRANSFER_EXIT.MISSING:
      return mode === 'get'
        ? new AppError('NOT_FOUND', 'No such file in the session')
        : new AppError('VALIDATION_FAILED', 'That folder does not exist', {
            fields: { path: 'no such folder' },
          });
    case TRANSFER_EXIT.TOO_LARGE:
      return new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_FILE_BYTES} bytes`);
    case TRANSFER_EXIT.ROOT:
      return new AppError('CONFLICT', 'File transfers never run as root, and this session runs as root');
    case TRANSFER_EXIT.NO_HOME:
      return new AppError('CONFLICT', `The session has no usable home directory (${SESSION_HOME})`);
    case TRANSFER_EXIT.WRITE_FAILED:
      return new AppError('CONFLICT', 'The file could not be written in the session (is its disk full?)');
    default:
      return new AppError('CONFLICT', "This session's image cannot transfer files", { exitCode });
  }
}

/** The transfer's exit code once it ended; an engine failing meanwhile is a coded failure. */
async function exitCodeOf(run: ExecStream): Promise<number> {
  try {
    return (await run.done).exitCode;
  } catch (e) {
    throw fileTransferFailure(e);
  }
}

/** Reads one line (at most `limit` bytes) off a stream and leaves the rest on it; null if none. */
function readLine(stream: Readable, limit = 64): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const finish = (line: string | null) => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', reject);
      resolve(line);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        buf = Buffer.concat([buf, chunk]);
        const nl = buf.indexOf(10);
        if (nl >= 0) {
          if (nl + 1 < buf.length) stream.unshift(buf.subarray(nl + 1));
          return finish(buf.subarray(0, nl).toString('latin1'));
        }
        if (buf.length > limit) return finish(null);
      }
    };
    const onEnd = () => finish(null);
    stream.on('readable', onReadable).on('end', onEnd).on('error', reject);
  });
}

/**
 * Copies files into and out of a session's home directory. Every transfer is one `docker exec` of
 * a constant script as the session's user (never root), confined to the home and refusing symbolic
 * links; see transfer-script.ts and docs/security/file-transfer.md.
 */
@Injectable()
export class SessionFilesService {
  constructor(private readonly agents: AgentsService) {}

  private container(session: Session): { agent: SessionAgent; containerId: string } {
    const agent = this.agents.get(session.agentId);
    if (!agent || !session.containerId || session.state !== 'running') {
      throw new AppError('CONFLICT', 'The session is not running');
    }
    return { agent, containerId: session.containerId };
  }

  private async run(session: Session, argv: string[], stdin?: Buffer): Promise<ExecStream> {
    const { agent, containerId } = this.container(session);
    try {
      const user = transferUser(await agent.containerUser(containerId));
      // a fixed PATH and locale: the script's tools are the image's own, not ones found elsewhere
      return await agent.execStream(containerId, argv, { user, workdir: '/', env: TRANSFER_ENV, stdin });
    } catch (e) {
      throw fileTransferFailure(e);
    }
  }

  async upload(
    session: Session,
    directory: string | undefined,
    fileName: string,
    data: Buffer,
  ): Promise<{ path: string; size: number }> {
    if (!session.clientSettings.allowUploads)
      throw new AppError('CLIENT_SETTING_DENIED', 'Uploads are not allowed in this session');
    const root = transferRoot(session);
    const folders = homeComponents(directory ?? '.', root);
    const name = uploadName(fileName);
    if (!folders)
      throw new AppError('VALIDATION_FAILED', 'The folder must be inside the home directory', {
        fields: { path: 'outside the home directory' },
      });
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'Unusable file name', {
        fields: { file: 'unusable file name' },
      });
    if (data.length > MAX_FILE_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_FILE_BYTES} bytes`);
    const run = await this.run(session, transferArgv('put', root, folders, name, MAX_FILE_BYTES), data);
    run.stdout.resume();
    const exitCode = await exitCodeOf(run);
    if (exitCode !== 0) throw transferRefusal('put', exitCode);
    return { path: posix.join(root, ...folders, name), size: data.length };
  }

  /**
   * Checks the file in the container, then streams it: the answer's `stream` carries exactly
   * `size` bytes, or fails (the connection is cut) if the file changed under it.
   */
  async download(
    session: Session,
    path: string | undefined,
  ): Promise<{ name: string; size: number; stream: Readable }> {
    if (!session.clientSettings.allowDownloads)
      throw new AppError('CLIENT_SETTING_DENIED', 'Downloads are not allowed in this session');
    const root = transferRoot(session);
    const parts = homeComponents(path, root);
    if (!parts || parts.length === 0)
      throw new AppError('VALIDATION_FAILED', 'The path must be a file inside the home directory', {
        fields: { path: 'outside the home directory' },
      });
    const name = parts[parts.length - 1];
    const run = await this.run(session, transferArgv('get', root, parts.slice(0, -1), name, MAX_FILE_BYTES));
    let header: string | null;
    try {
      header = await readLine(run.stdout);
    } catch (e) {
      run.destroy();
      throw fileTransferFailure(e);
    }
    const match = header === null ? null : DOWNLOAD_HEADER.exec(header);
    if (!match || Number(match[1]) > MAX_FILE_BYTES) {
      run.stdout.resume();
      const exitCode = await exitCodeOf(run).finally(() => run.destroy());
      throw transferRefusal('get', exitCode === 0 ? -1 : exitCode);
    }
    const size = Number(match[1]);
    let count = 0;
    const body = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        count += chunk.length;
        if (count > size) cb(new Error('the file grew while it was read'));
        else cb(null, chunk);
      },
      flush(cb) {
        run.done.then(
          ({ exitCode }) =>
            cb(exitCode === 0 && count === size ? null : new Error(`the file changed while it was read`)),
          (e: Error) => cb(e),
        );
      },
    });
    body.on('close', () => run.destroy());
    pipeline(run.stdout, body, () => undefined);
    return { name, size, stream: body };
  }
}
