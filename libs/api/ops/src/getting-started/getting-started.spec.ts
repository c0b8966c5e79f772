import { describe, expect, it } from 'vitest';
import { gettingStarted } from './getting-started';

const none = { presentImage: null, workspaceId: null, linkId: null, triedLinkId: null };

describe('gettingStarted', () => {
  it('has every step open on a fresh install', () => {
    const list = gettingStarted(none);
    expect(list.steps.map((s) => [s.id, s.done])).toEqual([
      ['image', false],
      ['workspace', false],
      ['link', false],
      ['tried', false],
    ]);
    expect(list.complete).toBe(false);
  });

  it('ticks each step from its own fact, whatever the order they were done in', () => {
    const list = gettingStarted({ ...none, linkId: 'l-1' });
    expect(list.steps.filter((s) => s.done)).toEqual([{ id: 'link', done: true, ref: 'l-1' }]);
  });

  it('is complete once everything exists', () => {
    const list = gettingStarted({
      presentImage: 'caster/desktop:latest',
      workspaceId: 'w-1',
      linkId: 'l-1',
      triedLinkId: 'l-1',
    });
    expect(list.complete).toBe(true);
    expect(list.steps[0]).toEqual({ id: 'image', done: true, ref: 'caster/desktop:latest' });
  });
});
