import { describe, expect, it } from 'vitest';
import { DEFAULT_GUIDANCE, errorGuidance } from './error-guidance';

describe('errorGuidance', () => {
  it('gives each visitor-facing code its own heading', () => {
    const codes = ['CAST_NOT_FOUND', 'CAST_EXPIRED', 'NO_CAPACITY', 'PROVISION_FAILED', 'RATE_LIMITED'];
    const headings = codes.map((c) => errorGuidance(c).heading);
    expect(new Set(headings).size).toBe(codes.length);
    expect(headings).not.toContain(DEFAULT_GUIDANCE.heading);
  });

  it('offers a retry only where trying again can help', () => {
    expect(errorGuidance('NO_CAPACITY').retry).toBe(true);
    expect(errorGuidance('PROVISION_FAILED').retry).toBe(true);
    expect(errorGuidance('CAPTCHA_INVALID').retry).toBe(true);
    expect(errorGuidance('CAST_EXPIRED').retry).toBe(false);
    expect(errorGuidance('SESSIONS_EXHAUSTED').retry).toBe(false);
    expect(errorGuidance('PARAMETER_NOT_ALLOWED').retry).toBe(false);
  });

  it('falls back for unknown or hostile codes', () => {
    expect(errorGuidance('NOT_A_CODE')).toBe(DEFAULT_GUIDANCE);
    expect(errorGuidance('__proto__')).toBe(DEFAULT_GUIDANCE);
    expect(errorGuidance(undefined)).toBe(DEFAULT_GUIDANCE);
  });
});
