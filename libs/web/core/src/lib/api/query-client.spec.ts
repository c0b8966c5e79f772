import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { shouldRetry } from './query-client';

describe('shouldRetry', () => {
  const error = (status: number) => new ApiError({ status, code: 'INTERNAL', message: '' });

  it('retries outages and 5xx a couple of times', () => {
    expect(shouldRetry(0, error(0))).toBe(true);
    expect(shouldRetry(1, error(503))).toBe(true);
    expect(shouldRetry(2, error(503))).toBe(false);
  });

  it('never retries a 4xx', () => {
    expect(shouldRetry(0, error(401))).toBe(false);
    expect(shouldRetry(0, error(429))).toBe(false);
  });
});
