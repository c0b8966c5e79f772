import { type Me } from '@caster/contracts';
import { type QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';

/**
 * Drops everything cached for the previous user and records who is signed in now. The `me` query
 * is updated in place, not removed, so components watching it re-render instead of going stale.
 */
export function resetUserCache(queryClient: QueryClient, me: Me | null): void {
  const meKey = queryKeys.auth.me();
  queryClient.removeQueries({
    predicate: (query) =>
      !(query.queryKey.length === meKey.length && meKey.every((k, i) => query.queryKey[i] === k)),
  });
  queryClient.setQueryData(meKey, me);
}
