import { type AdminUser } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getUser(id: string, signal?: AbortSignal): Promise<AdminUser> {
  return apiFetch<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`, { signal });
}

export function userQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.users.detail(id),
    queryFn: ({ signal }) => getUser(id, signal),
  });
}

export function useUser(id: string) {
  return useQuery(userQueryOptions(id));
}
