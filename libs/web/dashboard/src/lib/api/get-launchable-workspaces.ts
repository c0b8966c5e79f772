import { type Page, type WorkspaceSummary } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** `GET /api/workspaces`: the enabled workspaces the caller's groups may launch, by name. */
export function getLaunchableWorkspaces(signal?: AbortSignal): Promise<Page<WorkspaceSummary>> {
  return apiFetch<Page<WorkspaceSummary>>('/api/workspaces', { signal });
}

export function launchableWorkspacesQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.launchableWorkspaces(),
    queryFn: ({ signal }) => getLaunchableWorkspaces(signal),
  });
}

export function useLaunchableWorkspaces() {
  return useQuery(launchableWorkspacesQueryOptions());
}
