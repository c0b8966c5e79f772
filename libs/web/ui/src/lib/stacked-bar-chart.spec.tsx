import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { niceCeiling, StackedBarChart } from './stacked-bar-chart';

const series = [
  { key: 'ok', label: 'ok', color: 'teal' },
  { key: 'RATE_LIMITED', label: 'RATE_LIMITED', color: 'red' },
];

describe('StackedBarChart', () => {
  it('draws one labelled image with a segment per non-zero value and a tooltip on each', () => {
    const { container } = renderUi(
      <StackedBarChart
        title="Casts by outcome"
        series={series}
        bars={[
          { label: '10:00', values: { ok: 3, RATE_LIMITED: 1 } },
          { label: '11:00', values: {} },
          { label: '12:00', values: { RATE_LIMITED: 2 } },
        ]}
      />,
    );
    const image = screen.getByRole('img', { name: 'Casts by outcome' });
    expect(image.getAttribute('aria-describedby')).toBeTruthy();
    expect(container.querySelector('desc')?.textContent).toBe('ok: 3, RATE_LIMITED: 3');
    const rects = [...container.querySelectorAll('rect')];
    expect(rects.map((r) => r.querySelector('title')?.textContent)).toEqual([
      '10:00 — ok: 3',
      '10:00 — RATE_LIMITED: 1',
      '12:00 — RATE_LIMITED: 2',
    ]);
    // Stacked: the second segment of the first bar sits on top of the first.
    const [first, second] = rects;
    expect(Number(second.getAttribute('y')) + Number(second.getAttribute('height'))).toBeCloseTo(
      Number(first.getAttribute('y')),
    );
  });

  it('puts the numbers in a table for screen readers', () => {
    renderUi(<StackedBarChart title="Casts" series={series} bars={[{ label: 'Mon', values: { ok: 4 } }]} />);
    const table = screen.getByRole('table', { name: 'Casts' });
    const row = within(table).getByRole('row', { name: /Mon/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['4', '0']);
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(250)).toBe(500);
  });
});
