import { type Page, type Workspace } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** Staging keeps container sessions warm, so only container workspaces can have a pool. */
const CONTAINER_WORKSPACES_QUERY = { pageSize: 100, type: 'container' } as const;

export function listContainerWorkspaces(signal?: AbortSignal) {
  return apiFetch<Page<Workspace>>('/api/admin/workspaces', { signal, query: CONTAINER_WORKSPACES_QUERY });
}

export function useContainerWorkspaces() {
  return useQuery({
    queryKey: queryKeys.admin.workspaces.list(CONTAINER_WORKSPACES_QUERY),
    queryFn: ({ signal }) => listContainerWorkspaces(signal),
    select: (page) => page.items.filter((w) => w.type === 'container'),
  });
}
