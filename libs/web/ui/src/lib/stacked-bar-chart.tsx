import { Box, Group, Text, VisuallyHidden } from '@mantine/core';
import { useId } from 'react';

export interface ChartSeries {
  key: string;
  label: string;
  /** Any CSS colour, e.g. `var(--mantine-color-teal-6)`. */
  color: string;
}

export interface StackedBar {
  /** Full label, used in tooltips and the screen-reader table. */
  label: string;
  /** Axis label; defaults to `label`. */
  tick?: string;
  /** Series key → value; a missing key counts as 0. */
  values: Record<string, number>;
}

export interface StackedBarChartProps {
  /** Names the chart for assistive technology and heads its data table. */
  title: string;
  series: readonly ChartSeries[];
  bars: readonly StackedBar[];
  height?: number;
  /** At most this many axis labels, evenly spaced. */
  maxTicks?: number;
  'data-testid'?: string;
}

const WIDTH = 640;
const MARGIN = { top: 8, right: 8, bottom: 24, left: 36 };

/** The smallest of 1, 2, 5 × 10ⁿ that is at least `value` (and at least 1), for a clean axis. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

const valueOf = (bar: StackedBar, key: string): number => bar.values[key] ?? 0;

/**
 * Bars of stacked series, drawn as plain SVG (no charting library, so it renders and tests
 * anywhere). Each segment has a tooltip; the SVG is one labelled image, and the same numbers are
 * in a visually hidden table for screen readers.
 */
export function StackedBarChart({
  title,
  series,
  bars,
  height = 220,
  maxTicks = 6,
  'data-testid': testId,
}: StackedBarChartProps) {
  const id = useId();
  const totals = bars.map((bar) => series.reduce((sum, s) => sum + valueOf(bar, s.key), 0));
  const top = niceCeiling(Math.max(0, ...totals));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const slot = bars.length > 0 ? plotWidth / bars.length : plotWidth;
  const barWidth = Math.max(1, slot * 0.72);
  const y = (v: number) => MARGIN.top + plotHeight - (v / top) * plotHeight;
  const tickEvery = Math.max(1, Math.ceil(bars.length / maxTicks));
  const yTicks = top % 2 === 0 ? [0, top / 2, top] : [0, top];
  const seriesTotals = series.map((s) => bars.reduce((sum, bar) => sum + valueOf(bar, s.key), 0));
  const summary = series.map((s, i) => `${s.label}: ${seriesTotals[i]}`).join(', ');

  return (
    <Box component="figure" m={0} data-testid={testId}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        style={{ display: 'block', maxHeight: height }}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary || 'No data'}</desc>
        {yTicks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke="var(--mantine-color-default-border)"
              strokeDasharray={tick === 0 ? undefined : '3 3'}
            />
            <text
              x={MARGIN.left - 6}
              y={y(tick)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={11}
              fill="var(--mantine-color-dimmed)"
            >
              {tick}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g key={`${bar.label}-${i}`} data-bar={i}>
              {series.map((s) => {
                const v = valueOf(bar, s.key);
                if (v <= 0) return null;
                const rect = (
                  <rect
                    key={s.key}
                    x={x}
                    width={barWidth}
                    y={y(base + v)}
                    height={y(base) - y(base + v)}
                    fill={s.color}
                    data-series={s.key}
                  >
                    <title>{`${bar.label} — ${s.label}: ${v}`}</title>
                  </rect>
                );
                base += v;
                return rect;
              })}
              {i % tickEvery === 0 ? (
                <text
                  x={x + barWidth / 2}
                  y={height - 6}
                  textAnchor="middle"
                  fontSize={11}
                  fill="var(--mantine-color-dimmed)"
                >
                  {bar.tick ?? bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <Group component="figcaption" gap="md" mt="xs" aria-hidden="true">
        {series.map((s, i) => (
          <Group key={s.key} gap={6} wrap="nowrap">
            <Box w={10} h={10} style={{ background: s.color, borderRadius: 2 }} />
            <Text size="xs">
              {s.label}{' '}
              <Text span size="xs" c="dimmed">
                ({seriesTotals[i]})
              </Text>
            </Text>
          </Group>
        ))}
      </Group>
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bars.map((bar, i) => (
              <tr key={`${bar.label}-${i}`}>
                <th scope="row">{bar.label}</th>
                {series.map((s) => (
                  <td key={s.key}>{valueOf(bar, s.key)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
