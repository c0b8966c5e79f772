import { OVERVIEW_HOURS } from '@caster/contracts';

/** The windows the page offers; any whole number of hours from 1 to 720 works in the URL. */
export const OVERVIEW_WINDOWS = [
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
] as const;

/** `?hours=` from the URL, or the default when missing or out of range. */
export function parseHours(raw: string | null): number {
  if (raw === null || !/^\d+$/.test(raw)) return OVERVIEW_HOURS.default;
  const hours = Number(raw);
  return hours >= OVERVIEW_HOURS.min && hours <= OVERVIEW_HOURS.max ? hours : OVERVIEW_HOURS.default;
}

/** Words for a window: 24 → "24 hours", 168 → "7 days". */
export function windowWords(hours: number): string {
  if (hours % 24 === 0 && hours >= 48) return `${hours / 24} days`;
  return hours === 1 ? 'hour' : `${hours} hours`;
}

/** A bucket's full label (tooltip, table) and its short axis label, in the reader's time zone. */
export function bucketLabels(
  startIso: string,
  bucketSeconds: number,
  windowHours: number,
): { label: string; tick: string } {
  const start = new Date(startIso);
  const label =
    bucketSeconds >= 86_400
      ? start.toLocaleDateString(undefined, { dateStyle: 'medium' })
      : start.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const tick =
    bucketSeconds >= 86_400
      ? start.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
      : windowHours <= 24
        ? start.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
        : start.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });
  return { label, tick };
}

const REFUSAL_COLORS = [
  'red',
  'orange',
  'grape',
  'yellow',
  'violet',
  'pink',
  'cyan',
  'indigo',
  'lime',
  'gray',
];

/** "ok" is always teal; each refusal code the next colour of a fixed list, as on the casting pages. */
export function outcomeColor(outcome: string, outcomes: readonly string[]): string {
  if (outcome === 'ok') return 'var(--mantine-color-teal-6)';
  const i = Math.max(0, outcomes.filter((o) => o !== 'ok').indexOf(outcome));
  return `var(--mantine-color-${REFUSAL_COLORS[i % REFUSAL_COLORS.length]}-6)`;
}
