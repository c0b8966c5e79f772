import { type AdminUser, type Page, type UserListQuery } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

export function getUsers(query: UserListQuery, signal?: AbortSignal): Promise<Page<AdminUser>> {
  return apiFetch<Page<AdminUser>>('/api/admin/users', { query: { ...query }, signal });
}

export function usersQueryOptions(query: UserListQuery) {
  return queryOptions({
    queryKey: queryKeys.admin.users.list(query),
    queryFn: ({ signal }) => getUsers(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUsers(query: UserListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...usersQueryOptions(query), ...options });
}
