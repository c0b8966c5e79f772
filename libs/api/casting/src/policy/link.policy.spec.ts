import { describe, expect, it } from 'vitest';
import type { CastingService } from '../casting.service';
import { input, link, refusal } from '../pipeline/cast-test-fixtures';
import { LinkPolicy } from './link.policy';

describe('LinkPolicy', () => {
  const casting = (config: ReturnType<typeof link> | null) =>
    ({ findByKey: () => Promise.resolve(config) }) as unknown as CastingService;
  it('finds the enabled link', async () => {
    const ctx = await new LinkPolicy(casting(link())).check({ ...input(), body: {} });
    expect(ctx.config.key).toBe('demo');
  });
  it('answers CAST_NOT_FOUND for a missing or disabled link alike', async () => {
    expect(await refusal(() => new LinkPolicy(casting(null)).check({ ...input(), body: {} }))).toBe(
      'CAST_NOT_FOUND',
    );
    expect(
      await refusal(() => new LinkPolicy(casting(link({ enabled: false }))).check({ ...input(), body: {} })),
    ).toBe('CAST_NOT_FOUND');
  });
});
