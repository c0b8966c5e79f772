import { type Page, type Workspace } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** Enough for a picker; casting links rarely outnumber this many workspaces or groups. */
export const LOOKUP_PAGE_SIZE = 100;

export function useWorkspaceChoices() {
  const query = { pageSize: LOOKUP_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.admin.workspaces.list(query),
    queryFn: ({ signal }) => apiFetch<Page<Workspace>>('/api/admin/workspaces', { query, signal }),
  });
}
