/** The countdown shows in the last five minutes of a session's life. */
export const EXPIRY_WARNING_MS = 5 * 60_000;

export interface ExpiryInfo {
  /** Epoch ms of the end that comes first. */
  endsAt: number;
  remainingMs: number;
  /** A keepalive can push the end back: the keepalive expiry comes first, not the hard limit. */
  extendable: boolean;
}

/** Null while the end is further than the warning window (or there is none). */
export function expiryWarning(
  expiresAt: string | null,
  hardExpiresAt: string | null,
  now: number,
): ExpiryInfo | null {
  const soft = expiresAt ? Date.parse(expiresAt) : Number.NaN;
  const hard = hardExpiresAt ? Date.parse(hardExpiresAt) : Number.NaN;
  const candidates = [soft, hard].filter((t) => !Number.isNaN(t));
  if (candidates.length === 0) return null;
  const endsAt = Math.min(...candidates);
  const remainingMs = endsAt - now;
  if (remainingMs > EXPIRY_WARNING_MS) return null;
  const extendable = !Number.isNaN(soft) && (Number.isNaN(hard) || soft < hard);
  return { endsAt, remainingMs: Math.max(0, remainingMs), extendable };
}
