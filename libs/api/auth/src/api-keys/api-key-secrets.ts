import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key secrets are 256 random bits, so a plain SHA-256 is enough to store them: a slow hash
 * (argon2, as for passwords) only helps against guessing low-entropy secrets, and 2^256
 * candidates cannot be enumerated however fast the hash is. A fast hash also keeps every
 * Developer API call from paying argon2's ~50 ms and 19 MiB.
 */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The public half (`api_key`): 12 URL-safe characters, like Kasm's. */
export const newApiKey = (): string => randomBytes(9).toString('base64url');

/** The secret half (`api_key_secret`): 256 random bits, 43 URL-safe characters. */
export const newApiKeySecret = (): string => randomBytes(32).toString('base64url');

const HEX64 = /^[0-9a-f]{64}$/;

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(storedHash: string, presented: string): boolean {
  const expected = Buffer.from(HEX64.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  const actual = Buffer.from(hashSecret(presented), 'hex');
  return timingSafeEqual(expected, actual) && HEX64.test(storedHash);
}
