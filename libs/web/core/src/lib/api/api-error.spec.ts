import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter } from './api-error';

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => expect(parseRetryAfter('42')).toBe(42));

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60);
  });

  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('ApiError.from', () => {
  it('keeps an ApiError and wraps anything else as INTERNAL', () => {
    const original = new ApiError({ status: 404, code: 'NOT_FOUND', message: 'gone' });
    expect(ApiError.from(original)).toBe(original);
    const wrapped = ApiError.from(new Error('chunk failed'));
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.status).toBe(0);
  });
});
