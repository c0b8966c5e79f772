import { describe, expect, it } from 'vitest';
import { hashSecret, newApiKey, newApiKeySecret, secretMatches } from './api-key-secrets';

describe('API key secrets', () => {
  it('makes URL-safe keys and 256-bit secrets without a colon (HTTP Basic splits on it)', () => {
    const key = newApiKey();
    const secret = newApiKeySecret();
    expect(key).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newApiKeySecret()).not.toBe(secret);
  });

  it('stores a SHA-256 hex digest, never the secret', () => {
    const secret = newApiKeySecret();
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
  });

  it('accepts the right secret only', () => {
    const secret = newApiKeySecret();
    const hash = hashSecret(secret);
    expect(secretMatches(hash, secret)).toBe(true);
    expect(secretMatches(hash, `${secret}x`)).toBe(false);
    expect(secretMatches(hash, '')).toBe(false);
    expect(secretMatches('not-a-hash', secret)).toBe(false);
  });
});
