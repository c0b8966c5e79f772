/** A timestamp in the reader's locale, e.g. "3 Mar 2030, 14:05"; "Never" for null. */
export function formatDateTime(iso: string | null, never = 'Never'): string {
  if (!iso) return never;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const UNITS: [number, string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** Seconds in words, largest units first, at most two: 5400 → "1 hour 30 minutes". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [size, name] of UNITS) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}

/** The first characters of a uuid, enough to tell rows apart; the full id goes in a title. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
