import { type GettingStarted } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** Asked again this often, and when the tab comes back (the admin tried the link in another window). */
export const GETTING_STARTED_REFRESH_MS = 15_000;

export function getGettingStarted(signal?: AbortSignal): Promise<GettingStarted> {
  return apiFetch<GettingStarted>('/api/admin/overview/getting-started', { signal });
}

export function gettingStartedQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.admin.gettingStarted(),
    queryFn: ({ signal }) => getGettingStarted(signal),
    refetchInterval: GETTING_STARTED_REFRESH_MS,
    refetchOnWindowFocus: 'always',
  });
}

export function useGettingStarted() {
  return useQuery(gettingStartedQueryOptions());
}
