import { describe, expect, it } from 'vitest';
import { AppError } from '@caster/api/core';
import { ProvisionError } from '@caster/api/provisioning';
import { fileTransferFailure } from './session-files.service';

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

  it('leaves other errors as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(fileTransferFailure(bug)).toBe(bug);
  });
});
