import { type Group, type GroupListQuery, type Page } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

export function getGroups(query: GroupListQuery, signal?: AbortSignal): Promise<Page<Group>> {
  return apiFetch<Page<Group>>('/api/admin/groups', { query: { ...query }, signal });
}

export function groupsQueryOptions(query: GroupListQuery) {
  return queryOptions({
    queryKey: queryKeys.admin.groups.list(query),
    queryFn: ({ signal }) => getGroups(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useGroups(query: GroupListQuery) {
  return useQuery(groupsQueryOptions(query));
}
