import { type PoolMembersResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getPoolMembers(id: string, signal?: AbortSignal): Promise<PoolMembersResponse> {
  return apiFetch<PoolMembersResponse>(`/api/admin/workspaces/${encodeURIComponent(id)}/pool-members`, {
    signal,
  });
}

/** Under the pool's detail key, so saving the workspace (which refetches admin queries) refreshes it. */
export function poolMembersQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...queryKeys.admin.workspaces.detail(id), 'pool-members'] as const,
    queryFn: ({ signal }) => getPoolMembers(id, signal),
  });
}

export function usePoolMembers(id: string) {
  return useQuery(poolMembersQueryOptions(id));
}
