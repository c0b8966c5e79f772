import { describe, expect, it } from 'vitest';
import type { RouteObject } from 'react-router';
import { retrying, withLazyRetries } from './retry-lazy';

describe('retrying', () => {
  it('loads again after failed tries and answers the first success', async () => {
    let calls = 0;
    const load = retrying(() => {
      calls++;
      if (calls < 3) return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      return Promise.resolve('page');
    }, [1, 1]);
    expect(await load()).toBe('page');
    expect(calls).toBe(3);
  });

  it('gives up with the last error after its tries', async () => {
    let calls = 0;
    const load = retrying(() => {
      calls++;
      return Promise.reject(new Error(`attempt ${calls}`));
    }, [1, 1]);
    await expect(load()).rejects.toThrow('attempt 3');
  });
});

describe('withLazyRetries', () => {
  it('wraps every lazy loader in the tree and leaves the rest as it was', async () => {
    let failures = 1;
    const child = () =>
      failures-- > 0 ? Promise.reject(new Error('chunk cut')) : Promise.resolve({ Component: () => null });
    const routes: RouteObject[] = [{ id: 'root', children: [{ path: 'admin', lazy: child }] }];
    const wrapped = withLazyRetries(routes, [1]);
    expect(wrapped[0].id).toBe('root');
    const lazy = wrapped[0].children?.[0].lazy as () => Promise<unknown>;
    await expect(lazy()).resolves.toHaveProperty('Component');
    // The original tree is untouched.
    expect(routes[0].children?.[0].lazy).toBe(child);
  });
});
