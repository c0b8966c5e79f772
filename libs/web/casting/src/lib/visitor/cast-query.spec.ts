import { describe, expect, it } from 'vitest';
import { castPath } from './cast-query';

describe('castPath', () => {
  it('rebuilds the link path with the parameters percent-encoded, for #/login?next=', () => {
    expect(castPath('demo', { file: 'C:\\x.xlsx', kasm_url: 'https://a.b/?q=1' })).toBe(
      '/cast/demo?file=C%3A%5Cx.xlsx&kasm_url=https%3A%2F%2Fa.b%2F%3Fq%3D1',
    );
    expect(castPath('demo', {})).toBe('/cast/demo');
  });
});
