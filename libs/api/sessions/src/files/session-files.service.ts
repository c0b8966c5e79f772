import { posix } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppError } from '@caster/api/core';
import { classifyDockerError } from '@caster/api/provisioning';
import { AgentsService } from '../agents.service';
import type { SessionEntity } from '../session.entity';
import { homePath, safeFileName } from './container-path';
import { firstTarEntry, tarSingleFile } from './tar';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

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
  return e;
}

/** Copies files into and out of a session's container, inside its home directory only. */
@Injectable()
export class SessionFilesService {
  constructor(private readonly agents: AgentsService) {}

  private container(session: SessionEntity) {
    const agent = this.agents.get(session.agentId);
    if (!agent || !session.containerId || session.state !== 'running') {
      throw new AppError('CONFLICT', 'The session is not running');
    }
    return { agent, containerId: session.containerId };
  }

  async upload(
    session: SessionEntity,
    directory: string | undefined,
    fileName: string,
    data: Buffer,
  ): Promise<{ path: string; size: number }> {
    if (!session.clientSettings.allowUploads)
      throw new AppError('CLIENT_SETTING_DENIED', 'Uploads are not allowed in this session');
    const dir = homePath(directory ?? '.');
    const name = safeFileName(fileName);
    if (!dir)
      throw new AppError('VALIDATION_FAILED', 'The folder must be inside the home directory', {
        fields: { path: 'outside the home directory' },
      });
    if (!name)
      throw new AppError('VALIDATION_FAILED', 'Unusable file name', {
        fields: { file: 'unusable file name' },
      });
    if (data.length > MAX_FILE_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_FILE_BYTES} bytes`);
    const { agent, containerId } = this.container(session);
    try {
      await agent.putArchive(containerId, dir, tarSingleFile(name, data));
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) {
        throw new AppError('VALIDATION_FAILED', 'That folder does not exist', {
          fields: { path: 'no such folder' },
        });
      }
      throw fileTransferFailure(e);
    }
    return { path: posix.join(dir, name), size: data.length };
  }

  async download(session: SessionEntity, path: string | undefined): Promise<{ name: string; data: Buffer }> {
    if (!session.clientSettings.allowDownloads)
      throw new AppError('CLIENT_SETTING_DENIED', 'Downloads are not allowed in this session');
    const file = homePath(path);
    if (!file)
      throw new AppError('VALIDATION_FAILED', 'The path must be inside the home directory', {
        fields: { path: 'outside the home directory' },
      });
    const { agent, containerId } = this.container(session);
    let stream;
    try {
      stream = await agent.getArchive(containerId, file);
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404)
        throw new AppError('NOT_FOUND', 'No such file in the session');
      throw fileTransferFailure(e);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > MAX_FILE_BYTES + 1024 * 1024) {
        stream.destroy();
        throw new AppError('PAYLOAD_TOO_LARGE', `Files are limited to ${MAX_FILE_BYTES} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const entry = firstTarEntry(Buffer.concat(chunks));
    if (!entry || entry.type !== 'file')
      throw new AppError('VALIDATION_FAILED', 'Only single files can be downloaded', {
        fields: { path: 'not a file' },
      });
    return { name: posix.basename(entry.name), data: entry.data };
  }
}
