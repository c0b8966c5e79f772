import { type CastClaim } from '@caster/contracts';

export type BucketUnit = 'hour' | 'day';

export interface ClaimBucket {
  /** Start of the bucket, ms since the epoch (local hour or local midnight). */
  start: number;
  label: string;
  /** Claims per outcome in this bucket; every outcome of the series is present (0 when none). */
  counts: Record<string, number>;
}

export interface ClaimBuckets {
  unit: BucketUnit;
  /** "ok" first, then the refusal codes alphabetically. */
  outcomes: string[];
  buckets: ClaimBucket[];
}

const HOUR = 3_600_000;
/** Up to two days of claims read best hour by hour; longer spans day by day. */
const HOURLY_SPAN = 48 * HOUR;
/** Older buckets are dropped beyond this many, so the bars stay readable. */
export const MAX_BUCKETS = 60;

function floorTo(unit: BucketUnit, time: number): number {
  const d = new Date(time);
  if (unit === 'hour') d.setMinutes(0, 0, 0);
  else d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function nextStart(unit: BucketUnit, start: number): number {
  const d = new Date(start);
  // Calendar arithmetic, not +24h: a day across a DST change is 23 or 25 hours long.
  if (unit === 'hour') d.setHours(d.getHours() + 1);
  else d.setDate(d.getDate() + 1);
  return d.getTime();
}

function label(unit: BucketUnit, start: number): string {
  const d = new Date(start);
  return unit === 'hour'
    ? d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/**
 * Claims by outcome over time, for a stacked bar chart: hourly when the claims span two days or
 * less, else daily; empty buckets between the first and last claim are kept so gaps show.
 */
export function bucketClaims(claims: readonly CastClaim[]): ClaimBuckets {
  const times = claims.map((c) => Date.parse(c.at)).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return { unit: 'hour', outcomes: [], buckets: [] };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const unit: BucketUnit = last - first <= HOURLY_SPAN ? 'hour' : 'day';
  const outcomes = [...new Set(claims.map((c) => c.outcome))].sort((a, b) =>
    a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b),
  );

  const starts: number[] = [];
  for (let s = floorTo(unit, first); s <= last; s = nextStart(unit, s)) starts.push(s);
  const kept = starts.slice(-MAX_BUCKETS);
  const index = new Map(kept.map((s, i) => [s, i]));
  const buckets: ClaimBucket[] = kept.map((start) => ({
    start,
    label: label(unit, start),
    counts: Object.fromEntries(outcomes.map((o) => [o, 0])),
  }));
  for (const claim of claims) {
    const t = Date.parse(claim.at);
    if (Number.isNaN(t)) continue;
    const i = index.get(floorTo(unit, t));
    const bucket = i === undefined ? undefined : buckets[i];
    if (bucket) bucket.counts[claim.outcome] = (bucket.counts[claim.outcome] ?? 0) + 1;
  }
  return { unit, outcomes, buckets };
}

const REFUSAL_COLORS = [
  'red.6',
  'orange.6',
  'grape.6',
  'yellow.6',
  'violet.6',
  'pink.6',
  'cyan.6',
  'indigo.6',
  'lime.6',
  'gray.6',
];

/** "ok" is always teal; each refusal code gets the next colour of a fixed list. */
export function outcomeColor(outcome: string, outcomes: readonly string[]): string {
  if (outcome === 'ok') return 'teal.6';
  const refusals = outcomes.filter((o) => o !== 'ok');
  const i = refusals.indexOf(outcome);
  return REFUSAL_COLORS[(i === -1 ? 0 : i) % REFUSAL_COLORS.length] ?? 'gray.6';
}
