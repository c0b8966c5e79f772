/** A timestamp in the reader's locale, e.g. "3 Mar 2030, 14:05"; `never` for null. */
export function formatDateTime(iso: string | null, never = 'Never'): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The first characters of a uuid, enough to tell rows apart; the full id goes in a title. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
