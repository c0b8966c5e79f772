import { type Group } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getGroup(id: string, signal?: AbortSignal): Promise<Group> {
  return apiFetch<Group>(`/api/admin/groups/${encodeURIComponent(id)}`, { signal });
}

export function groupQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.groups.detail(id),
    queryFn: ({ signal }) => getGroup(id, signal),
  });
}

export function useGroup(id: string) {
  return useQuery(groupQueryOptions(id));
}
