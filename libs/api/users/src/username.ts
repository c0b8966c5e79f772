/**
 * The one form in which usernames are compared: Unicode NFKC (so "ＡＤＭＩＮ" is "ADMIN"), trimmed,
 * lower-cased. Sign-in looks names up in this form and the sign-in throttle counts by it, so
 * " ADMIN " and "admin" are one name everywhere. Stored names keep their case; the database's
 * unique index is on lower(username).
 */
export function normalizeUsername(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}
