import { ERROR_CODES } from '@caster/contracts';
import { describe, expect, it } from 'vitest';
import {
  GENERIC_ERROR_MESSAGE,
  errorMessage,
  errorMessages,
  errorPagePath,
  formatWait,
} from './error-messages';

describe('errorMessages', () => {
  it.each(ERROR_CODES)('has a sentence for %s', (code) => {
    const message = errorMessages[code];
    expect(typeof message).toBe('string');
    expect(message.trim()).not.toBe('');
    expect(message).toMatch(/[.!?]$/);
  });

  it('has no entries for codes outside the catalogue', () => {
    expect(Object.keys(errorMessages).sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('errorMessage', () => {
  it('answers the catalogue sentence for a known code', () => {
    expect(errorMessage('CAST_EXPIRED')).toBe(errorMessages.CAST_EXPIRED);
  });

  it('answers a generic sentence for an unknown or missing code', () => {
    expect(errorMessage('NOPE')).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorMessage(null)).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorMessage('constructor')).toBe(GENERIC_ERROR_MESSAGE);
  });

  it('says when to retry a rate-limited request', () => {
    expect(errorMessage('RATE_LIMITED', { retryAfterSeconds: 30 })).toContain('Try again in 30 seconds.');
    expect(errorMessage('RATE_LIMITED', { retryAfterSeconds: 90 })).toContain('Try again in 2 minutes.');
    expect(errorMessage('RATE_LIMITED')).toBe(errorMessages.RATE_LIMITED);
  });

  it('ignores a retry delay for other codes', () => {
    expect(errorMessage('NOT_FOUND', { retryAfterSeconds: 30 })).toBe(errorMessages.NOT_FOUND);
  });
});

describe('formatWait', () => {
  it('uses the largest sensible unit, rounding up', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(3600)).toBe('1 hour');
    expect(formatWait(7201)).toBe('3 hours');
  });
});

describe('errorPagePath', () => {
  it('builds the internal error page link', () => {
    expect(errorPagePath('CAST_EXPIRED')).toBe('/error?code=CAST_EXPIRED');
    expect(errorPagePath('RATE_LIMITED', 12.2)).toBe('/error?code=RATE_LIMITED&retryAfter=13');
  });
});
