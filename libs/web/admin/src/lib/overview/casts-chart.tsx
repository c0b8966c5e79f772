import { type AdminOverview } from '@caster/contracts';
import { StackedBarChart } from '@caster/web/ui';
import { Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { bucketLabels, outcomeColor, windowWords } from './overview-format';

/** Cast requests per bucket, stacked by outcome, with the window's totals above. */
export function CastsChart({ overview }: { overview: AdminOverview }) {
  const { casts, window } = overview;
  const series = useMemo(
    () => casts.outcomes.map((o) => ({ key: o, label: o, color: outcomeColor(o, casts.outcomes) })),
    [casts.outcomes],
  );
  const bars = useMemo(
    () =>
      casts.buckets.map((b) => ({
        ...bucketLabels(b.start, window.bucketSeconds, window.hours),
        values: b.counts,
      })),
    [casts.buckets, window.bucketSeconds, window.hours],
  );
  const total = Object.values(casts.totals).reduce((a, b) => a + b, 0);
  const served = casts.totals['ok'] ?? 0;

  return (
    <>
      <Group gap="xl" mb="sm" data-testid="cast-totals">
        <Text size="sm">
          <Text span fw={700}>
            {total}
          </Text>{' '}
          request{total === 1 ? '' : 's'}
        </Text>
        <Text size="sm">
          <Text span fw={700} c="teal.7">
            {served}
          </Text>{' '}
          served
        </Text>
        <Text size="sm">
          <Text span fw={700} c={total - served > 0 ? 'red.7' : undefined}>
            {total - served}
          </Text>{' '}
          refused
        </Text>
      </Group>
      {total === 0 ? (
        <Text size="sm" c="dimmed" data-testid="casts-empty">
          No cast requests in the last {windowWords(window.hours)}.
        </Text>
      ) : (
        <StackedBarChart
          title={`Cast requests by outcome, last ${windowWords(window.hours)}`}
          series={series}
          bars={bars}
          data-testid="casts-chart"
        />
      )}
    </>
  );
}
