import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppError, invalidFields } from '@caster/api/core';
import { toKasmError } from './kasm-error.filter';

describe('toKasmError', () => {
  it('answers { error_message } with the status of the code', () => {
    expect(toKasmError(new AppError('INVALID_CREDENTIALS', 'Invalid API key or secret'))).toMatchObject({
      status: 401,
      body: { error_message: 'Invalid API key or secret' },
    });
    expect(toKasmError(new AppError('FORBIDDEN', 'no')).status).toBe(403);
    expect(toKasmError(new AppError('NOT_FOUND', 'User not found')).status).toBe(404);
    expect(toKasmError(new NotFoundException('Cannot POST /api/public/nope')).status).toBe(404);
  });

  it('turns other refusals (conflicts, disabled workspaces…) into 400', () => {
    expect(toKasmError(new AppError('USERNAME_TAKEN', 'taken')).status).toBe(400);
    expect(toKasmError(new AppError('WORKSPACE_DISABLED', 'off')).status).toBe(400);
    expect(toKasmError(new AppError('CLIENT_SETTING_DENIED', 'no')).status).toBe(403);
  });

  it('lists the bad fields in the message', () => {
    const answer = toKasmError(invalidFields({ 'target_user.username': 'required', image_id: 'bad' }));
    expect(answer.status).toBe(400);
    expect(answer.body.error_message).toBe(
      'The request has invalid fields: target_user.username: required; image_id: bad',
    );
  });

  it('keeps faults on our side as 5xx and hides their text', () => {
    const answer = toKasmError(new Error('password=hunter2'));
    expect(answer.status).toBe(500);
    expect(answer.unexpected).toBe(true);
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
    expect(Object.keys(answer.body)).toEqual(['error_message']);
  });
});
