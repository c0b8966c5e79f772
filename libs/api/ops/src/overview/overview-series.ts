import type { AdminOverview, OverviewRefusingLink } from '@caster/contracts';
import type { ClaimCount, RefusalCount } from '../ops-stats.repository';
import type { OverviewWindow } from './overview-window';

/** "ok" first, then the refusal codes alphabetically: the order of the chart's legend. */
export function orderOutcomes(outcomes: Iterable<string>): string[] {
  return [...new Set(outcomes)].sort((a, b) => (a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b)));
}

/** Every bucket of the window, each with every outcome (0 when none), and the window's totals. */
export function castSeries(window: OverviewWindow, counts: readonly ClaimCount[]): AdminOverview['casts'] {
  const outcomes = orderOutcomes(counts.map((c) => c.outcome));
  const zero = (): Record<string, number> => Object.fromEntries(outcomes.map((o) => [o, 0]));
  const byStart = new Map(window.bucketStarts.map((start) => [start, zero()]));
  const totals = zero();
  for (const c of counts) {
    const bucket = byStart.get(c.bucket);
    // A claim written between the window's end and the query lands past the last bucket; skip it.
    if (!bucket) continue;
    bucket[c.outcome] = (bucket[c.outcome] ?? 0) + c.n;
    totals[c.outcome] = (totals[c.outcome] ?? 0) + c.n;
  }
  return {
    outcomes,
    buckets: window.bucketStarts.map((start) => ({
      start: new Date(start * 1000).toISOString(),
      counts: byStart.get(start) ?? zero(),
    })),
    totals,
  };
}

/** One entry per link from the (link, code) rows, keeping the query's order (most refusals first). */
export function refusingLinks(rows: readonly RefusalCount[]): OverviewRefusingLink[] {
  const links = new Map<string, OverviewRefusingLink>();
  for (const r of rows) {
    let link = links.get(r.id);
    if (!link) {
      link = { id: r.id, name: r.name, key: r.key, refusals: r.total, byReason: {} };
      links.set(r.id, link);
    }
    link.byReason[r.outcome] = r.n;
  }
  return [...links.values()];
}
