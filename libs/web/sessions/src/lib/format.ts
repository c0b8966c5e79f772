/** `42 s`, `3 min 05 s`: how long a launch has been going. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** `4:09`: what is left before a session ends. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** `12 s`, `3 min`, `2 h 5 min`, `3 d 4 h`: the two largest units, for tables. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** `in 4 min`, `2 min ago`, or `—` when there is no time. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  const diff = at - now;
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

/** The earlier of two optional ISO times (keepalive expiry and hard limit), as epoch ms. */
export function earliest(...times: (string | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const t of times) {
    if (!t) continue;
    const at = Date.parse(t);
    if (!Number.isNaN(at) && (best === null || at < best)) best = at;
  }
  return best;
}
