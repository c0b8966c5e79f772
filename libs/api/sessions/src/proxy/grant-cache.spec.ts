import { describe, expect, it } from 'vitest';
import { GrantCache, type Cacheable } from './grant-cache';

interface Access extends Cacheable {
  n: number;
}

const access = (n: number, over: Partial<Access> = {}): Access => ({
  session: { id: 's1' },
  userId: 'u1',
  expiresAt: null,
  n,
  ...over,
});

/** A lookup the test settles by hand, counting how often the "database" was asked. */
function db() {
  const calls: { resolve: (v: Access | null) => void }[] = [];
  const load = () => new Promise<Access | null>((resolve) => calls.push({ resolve }));
  return { calls, load };
}

function setup(over: { trusted?: () => boolean } = {}) {
  let now = 1_000;
  const watched = new Map<string, () => void>();
  const cache = new GrantCache<Access>({
    ttlMs: 5_000,
    now: () => now,
    watchSession: (id, evict) => {
      watched.set(id, evict);
      return () => watched.delete(id);
    },
    ...over,
  });
  return { cache, watched, advance: (ms: number) => (now += ms) };
}

describe('GrantCache', () => {
  it('answers from memory within the TTL and asks again after it', async () => {
    const { cache, advance } = setup();
    const { calls, load } = db();
    const first = cache.get('k', load);
    calls[0].resolve(access(1));
    expect((await first)?.n).toBe(1);
    expect((await cache.get('k', load))?.n).toBe(1);
    expect(calls).toHaveLength(1);
    advance(5_000);
    const again = cache.get('k', load);
    expect(calls).toHaveLength(2);
    calls[1].resolve(access(2));
    expect((await again)?.n).toBe(2);
  });

  it('shares one lookup between concurrent requests', async () => {
    const { cache } = setup();
    const { calls, load } = db();
    const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(calls).toHaveLength(1);
    calls[0].resolve(access(1));
    expect((await all).map((a) => a?.n)).toEqual([1, 1, 1]);
  });

  it('does not keep a lookup that was in flight when the session was revoked', async () => {
    const { cache } = setup();
    const { calls, load } = db();
    const stale = cache.get('k', load);
    cache.evictSession('s1');
    // A request after the revocation does not join the stale lookup.
    const fresh = cache.get('k', load);
    expect(calls).toHaveLength(2);
    calls[0].resolve(access(1));
    await stale;
    calls[1].resolve(null);
    expect(await fresh).toBeNull();
    // Nor was the stale answer stored.
    const next = cache.get('k', load);
    expect(calls).toHaveLength(3);
    calls[2].resolve(null);
    expect(await next).toBeNull();
  });

  it('does not keep a lookup in flight across a user revocation or a clear either', async () => {
    for (const evict of [
      (c: GrantCache<Access>) => c.evictUser('someone-else'),
      (c: GrantCache<Access>) => c.clear(),
    ]) {
      const { cache } = setup();
      const { calls, load } = db();
      const stale = cache.get('k', load);
      evict(cache);
      calls[0].resolve(access(1));
      await stale;
      expect(cache.size).toBe(0);
    }
  });

  it('evicts by session, by user and when a watched session changes', async () => {
    const { cache, watched } = setup();
    const put = async (key: string, value: Access) => {
      const { calls, load } = db();
      const p = cache.get(key, load);
      calls[0].resolve(value);
      await p;
    };
    await put('a', access(1, { session: { id: 's1' }, userId: 'u1' }));
    await put('b', access(2, { session: { id: 's2' }, userId: 'u2' }));
    await put('c', access(3, { session: { id: 's2' }, userId: 'u1' }));
    expect(cache.size).toBe(3);
    cache.evictUser('u1');
    expect(cache.size).toBe(1);
    expect([...watched.keys()]).toEqual(['s2']);
    watched.get('s2')?.();
    expect(cache.size).toBe(0);
    expect(watched.size).toBe(0);
    await put('a', access(1));
    cache.evictSession('s1');
    expect(cache.size).toBe(0);
  });

  it('stops serving an entry when its grant expires, even within the TTL', async () => {
    const { cache, advance } = setup();
    const { calls, load } = db();
    const p = cache.get('k', load);
    calls[0].resolve(access(1, { expiresAt: 2_000 }));
    await p;
    advance(999);
    expect((await cache.get('k', load))?.n).toBe(1);
    advance(1);
    void cache.get('k', load);
    expect(calls).toHaveLength(2);
  });

  it('serves and keeps nothing while evictions may be missed', async () => {
    let trusted = true;
    const { cache } = setup({ trusted: () => trusted });
    const { calls, load } = db();
    const p = cache.get('k', load);
    calls[0].resolve(access(1));
    await p;
    trusted = false;
    const q = cache.get('k', load);
    expect(calls).toHaveLength(2);
    calls[1].resolve(access(2));
    expect((await q)?.n).toBe(2);
    trusted = true;
    expect(cache.size).toBe(0);
    void cache.get('k', load);
    expect(calls).toHaveLength(3);
  });

  it('does not keep a lookup that finished while evictions may be missed', async () => {
    let trusted = true;
    const { cache } = setup({ trusted: () => trusted });
    const { calls, load } = db();
    const p = cache.get('k', load);
    trusted = false;
    calls[0].resolve(access(1));
    await p;
    trusted = true;
    expect(cache.size).toBe(0);
  });

  it('keeps only what `keep` allows, and nothing null', async () => {
    const cache = new GrantCache<Access>({ ttlMs: 5_000, keep: (a) => a.n > 1 });
    const { calls, load } = db();
    const p = cache.get('k', load);
    calls[0].resolve(access(1));
    await p;
    const q = cache.get('j', load);
    calls[1].resolve(null);
    await q;
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entries beyond its bound', async () => {
    const cache = new GrantCache<Access>({ ttlMs: 5_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => Promise.resolve(access(1)));
    expect(cache.size).toBe(2);
  });
});
