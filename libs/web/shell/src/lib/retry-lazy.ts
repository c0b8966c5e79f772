import type { RouteObject } from 'react-router';

type LazyLoader = () => Promise<unknown>;

/**
 * Loads a page's code again when the first fetch fails. A chunk request cut by a network change
 * (Wi-Fi to cable, a VPN coming up) would otherwise leave the visitor on an error page until they
 * reload; a second try a moment later nearly always gets it.
 */
export function retrying<T>(
  load: () => Promise<T>,
  delaysMs: readonly number[] = [250, 750],
): () => Promise<T> {
  return async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await load();
      } catch (e) {
        if (attempt >= delaysMs.length) throw e;
        await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
      }
    }
  };
}

/** The same routes, each `lazy` function loading with retries (children included). */
export function withLazyRetries(routes: RouteObject[], delaysMs?: readonly number[]): RouteObject[] {
  return routes.map((route) => {
    const copy: RouteObject = { ...route };
    if (typeof route.lazy === 'function')
      (copy as { lazy?: LazyLoader }).lazy = retrying(route.lazy as LazyLoader, delaysMs);
    if (route.children) copy.children = withLazyRetries(route.children, delaysMs);
    return copy;
  });
}
