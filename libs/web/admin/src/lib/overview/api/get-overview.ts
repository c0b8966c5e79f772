import { type AdminOverview } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

/** The overview is live: asked again this often while the page is open. */
export const OVERVIEW_REFRESH_MS = 30_000;

export function getOverview(hours: number, signal?: AbortSignal): Promise<AdminOverview> {
  return apiFetch<AdminOverview>('/api/admin/overview', { query: { hours }, signal });
}

export function overviewQueryOptions(hours: number) {
  return queryOptions({
    queryKey: queryKeys.admin.overview(hours),
    queryFn: ({ signal }) => getOverview(hours, signal),
    refetchInterval: OVERVIEW_REFRESH_MS,
    // Switching the window keeps the previous charts up until the new numbers arrive.
    placeholderData: keepPreviousData,
  });
}

export function useOverview(hours: number) {
  return useQuery(overviewQueryOptions(hours));
}
