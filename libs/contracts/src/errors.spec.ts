import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, isErrorCode } from './errors';

describe('error catalogue', () => {
  it('gives every code a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) {
      const status = ERROR_STATUS[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('names codes in SCREAMING_SNAKE_CASE so they are stable wire identifiers', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  it('maps the casting codes of DESIGN.md to their documented statuses', () => {
    expect(ERROR_STATUS.CAST_NOT_FOUND).toBe(404);
    expect(ERROR_STATUS.CAST_EXPIRED).toBe(410);
    expect(ERROR_STATUS.REFERRER_NOT_ALLOWED).toBe(403);
    expect(ERROR_STATUS.RATE_LIMITED).toBe(429);
    expect(ERROR_STATUS.CAPTCHA_REQUIRED).toBe(401);
    expect(ERROR_STATUS.CAPTCHA_INVALID).toBe(403);
    expect(ERROR_STATUS.AUTH_REQUIRED).toBe(401);
    expect(ERROR_STATUS.SESSIONS_EXHAUSTED).toBe(409);
    expect(ERROR_STATUS.NO_CAPACITY).toBe(503);
    expect(ERROR_STATUS.PROVISION_FAILED).toBe(502);
  });

  it('recognises only catalogued codes', () => {
    expect(isErrorCode('RATE_LIMITED')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
