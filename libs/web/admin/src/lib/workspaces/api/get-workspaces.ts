import { type Page, type Workspace, type WorkspaceListQuery } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

export function getWorkspaces(query: WorkspaceListQuery, signal?: AbortSignal): Promise<Page<Workspace>> {
  return apiFetch<Page<Workspace>>('/api/admin/workspaces', { query: { ...query }, signal });
}

export function workspacesQueryOptions(query: WorkspaceListQuery) {
  return queryOptions({
    queryKey: queryKeys.admin.workspaces.list(query),
    queryFn: ({ signal }) => getWorkspaces(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useWorkspaces(query: WorkspaceListQuery) {
  return useQuery(workspacesQueryOptions(query));
}
