/** What the cache needs to know of a resolved grant to evict it and to stop serving it in time. */
export interface Cacheable {
  session: { id: string };
  userId: string | null;
  /** Epoch ms at which the grant (or its parent share) expires; null when it does not. */
  expiresAt: number | null;
}

export interface GrantCacheOptions<V> {
  /** How long an entry may be served without a fresh look at the database. */
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
  /**
   * False while evictions may be missed (the cross-replica listener is reconnecting): the cache
   * then serves nothing and keeps nothing, every lookup goes to the database.
   */
  trusted?: () => boolean;
  /** Whether a looked-up value may be kept at all (default: any non-null one). */
  keep?: (value: V) => boolean;
  /** Starts watching a session for anything that must evict its entries; answers the stop function. */
  watchSession?: (sessionId: string, evict: () => void) => () => void;
}

interface Entry<V> {
  value: V;
  until: number;
}

/**
 * A short in-process cache of the session proxy's grant lookups, keyed by the grant token's hash.
 *
 * Revocation stays immediate because every eviction (a revoked share, a disabled user, a session
 * leaving `running`, on any replica) bumps a generation: a lookup that was in flight when the
 * eviction came keeps its answer for the request that asked (the database said so at the time)
 * but does not store it, and no later request joins it. While `trusted()` is false nothing is
 * served from the cache.
 */
export class GrantCache<V extends Cacheable> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inflight = new Map<string, Promise<V | null>>();
  private readonly bySession = new Map<string, { keys: Set<string>; stop: () => void }>();
  private generation = 0;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly options: GrantCacheOptions<V>) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer for `key`, or `load()`'s (shared by concurrent callers, stored if allowed). */
  get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (!this.trusted()) {
      this.clear();
      return load();
    }
    const entry = this.entries.get(key);
    if (entry) {
      if (this.now() < entry.until) return Promise.resolve(entry.value);
      this.delete(key);
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const lookup = load().then(
      (value) => {
        if (this.inflight.get(key) === lookup) this.inflight.delete(key);
        // An eviction since the lookup began may concern this very grant: do not keep its answer.
        if (value && generation === this.generation && this.trusted() && (this.options.keep?.(value) ?? true))
          this.store(key, value);
        return value;
      },
      (e: unknown) => {
        if (this.inflight.get(key) === lookup) this.inflight.delete(key);
        throw e;
      },
    );
    this.inflight.set(key, lookup);
    return lookup;
  }

  evictSession(sessionId: string): void {
    this.generation++;
    this.inflight.clear();
    for (const key of [...(this.bySession.get(sessionId)?.keys ?? [])]) this.delete(key);
  }

  evictUser(userId: string): void {
    this.generation++;
    this.inflight.clear();
    for (const [key, entry] of [...this.entries]) if (entry.value.userId === userId) this.delete(key);
  }

  clear(): void {
    this.generation++;
    this.inflight.clear();
    for (const key of [...this.entries.keys()]) this.delete(key);
  }

  private trusted(): boolean {
    return this.options.trusted?.() ?? true;
  }

  private store(key: string, value: V): void {
    const now = this.now();
    const until = Math.min(now + this.options.ttlMs, value.expiresAt ?? Infinity);
    if (until <= now) return;
    this.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(key, { value, until });
    let watched = this.bySession.get(value.session.id);
    if (!watched) {
      const sessionId = value.session.id;
      watched = { keys: new Set(), stop: () => undefined };
      this.bySession.set(sessionId, watched);
      watched.stop = this.options.watchSession?.(sessionId, () => this.evictSession(sessionId)) ?? (() => {});
    }
    watched.keys.add(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const watched = this.bySession.get(entry.value.session.id);
    if (!watched) return;
    watched.keys.delete(key);
    if (watched.keys.size === 0) {
      this.bySession.delete(entry.value.session.id);
      watched.stop();
    }
  }
}
