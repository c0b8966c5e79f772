import { type Workspace } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getWorkspace(id: string, signal?: AbortSignal): Promise<Workspace> {
  return apiFetch<Workspace>(`/api/admin/workspaces/${encodeURIComponent(id)}`, { signal });
}

export function workspaceQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.workspaces.detail(id),
    queryFn: ({ signal }) => getWorkspace(id, signal),
  });
}

export function useWorkspace(id: string) {
  return useQuery(workspaceQueryOptions(id));
}
