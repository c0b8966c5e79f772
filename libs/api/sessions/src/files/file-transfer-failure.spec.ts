import { describe, expect, it } from 'vitest';
import { AppError } from '@caster/api/core';
import { ProvisionError } from '@caster/api/provisioning';
import { fileTransferFailure, transferRefusal } from './session-files.service';
import { TRANSFER_EXIT } from './transfer-script';

describe('fileTransferFailure', () => {
  it('turns an unreachable engine or a task on a node out of reach into a coded 503', () => {
    for (const e of [
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      new ProvisionError('REMOTE_TASK', 'the task runs on node-2, whose engine is not configured'),
    ]) {
      const mapped = fileTransferFailure(e);
      expect(mapped).toBeInstanceOf(AppError);
      expect((mapped as AppError).code).toBe('SERVICE_UNAVAILABLE');
      expect((mapped as AppError).headers).toEqual({ 'Retry-After': '5' });
    }
  });

  it('turns a container that stopped or went away into CONFLICT', () => {
    for (const e of [
      Object.assign(new Error('container is not running'), { statusCode: 409 }),
      Object.assign(new Error('no such container'), { statusCode: 404 }),
      new ProvisionError('TASK_FAILED', "the session's task is not running"),
    ])
      expect((fileTransferFailure(e) as AppError).code).toBe('CONFLICT');
  });

  it('leaves other errors as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(fileTransferFailure(bug)).toBe(bug);
  });
});

describe('transferRefusal', () => {
  const code = (mode: 'put' | 'get', exit: number) => transferRefusal(mode, exit).code;

  it('answers PATH_NOT_ALLOWED for links, non-folders, non-files and what the user may not use', () => {
    for (const exit of [
      TRANSFER_EXIT.LINK,
      TRANSFER_EXIT.NOT_A_FOLDER,
      TRANSFER_EXIT.NOT_A_FILE,
      TRANSFER_EXIT.DENIED,
    ])
      for (const mode of ['put', 'get'] as const) expect(code(mode, exit)).toBe('PATH_NOT_ALLOWED');
  });

  it('answers a missing file 404, a missing upload folder 400, too large 413, the rest 409', () => {
    expect(code('get', TRANSFER_EXIT.MISSING)).toBe('NOT_FOUND');
    expect(code('put', TRANSFER_EXIT.MISSING)).toBe('VALIDATION_FAILED');
    expect(code('get', TRANSFER_EXIT.TOO_LARGE)).toBe('PAYLOAD_TOO_LARGE');
    for (const exit of [TRANSFER_EXIT.ROOT, TRANSFER_EXIT.NO_HOME, TRANSFER_EXIT.WRITE_FAILED, 126, 127, -1])
      expect(code('put', exit)).toBe('CONFLICT');
  });
});
