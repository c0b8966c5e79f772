import '@mantine/charts/styles.css';
import { type CastClaim } from '@caster/contracts';
import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { bucketClaims, outcomeColor } from './claims-buckets';

/** Claims by outcome, stacked per hour (or per day over longer spans). */
export function ClaimsChart({ claims }: { claims: readonly CastClaim[] }) {
  const { unit, outcomes, buckets } = useMemo(() => bucketClaims(claims), [claims]);
  if (buckets.length === 0) return null;
  const data = buckets.map((b) => ({ bucket: b.label, ...b.counts }));
  return (
    <figure style={{ margin: 0 }} data-testid="claims-chart">
      <BarChart
        h={260}
        data={data}
        dataKey="bucket"
        type="stacked"
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        tickLine="y"
        series={outcomes.map((outcome) => ({ name: outcome, color: outcomeColor(outcome, outcomes) }))}
        yAxisProps={{ allowDecimals: false }}
      />
      <Text component="figcaption" size="xs" c="dimmed" mt="xs">
        Cast requests per {unit} by outcome (“ok” = a session was served), for the latest {claims.length}{' '}
        request{claims.length === 1 ? '' : 's'}.
      </Text>
    </figure>
  );
}
