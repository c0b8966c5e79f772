import { type Group, type Page } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';
import { LOOKUP_PAGE_SIZE } from './get-workspace-choices';

export function useGroupChoices() {
  const query = { pageSize: LOOKUP_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.admin.groups.list(query),
    queryFn: ({ signal }) => apiFetch<Page<Group>>('/api/admin/groups', { query, signal }),
  });
}
