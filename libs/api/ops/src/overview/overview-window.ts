const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Bucket widths the overview chooses from: round numbers a reader takes in at a glance. */
const STEPS = [
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** Enough bars to show a trend, few enough to read on a laptop screen. */
export const MAX_BUCKETS = 36;

export interface OverviewWindow {
  hours: number;
  from: Date;
  to: Date;
  stepSeconds: number;
  /** Bucket starts, seconds since the epoch, aligned to multiples of the step; oldest first. */
  bucketStarts: number[];
}

/** The narrowest round bucket that keeps `hours` within MAX_BUCKETS bars (1 h → 5 min, 24 h → 1 h, 30 d → 1 d). */
export function bucketSecondsFor(hours: number): number {
  return STEPS.find((step) => (hours * HOUR) / step <= MAX_BUCKETS) ?? STEPS[STEPS.length - 1];
}

/**
 * The last `hours` up to `now`, cut into buckets aligned to the step (in UTC), so the same request
 * twice draws the same bars; the first bucket may start before `from` and is counted from `from`.
 */
export function overviewWindow(hours: number, now: Date): OverviewWindow {
  const stepSeconds = bucketSecondsFor(hours);
  const to = new Date(now.getTime());
  const from = new Date(to.getTime() - hours * HOUR * 1000);
  const first = Math.floor(from.getTime() / 1000 / stepSeconds) * stepSeconds;
  const bucketStarts: number[] = [];
  for (let start = first; start * 1000 < to.getTime(); start += stepSeconds) bucketStarts.push(start);
  return { hours, from, to, stepSeconds, bucketStarts };
}
