import { type AdminSessionView, type Page } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** The user's live sessions (newest first), for the user page. */
export function getUserSessions(userId: string, signal?: AbortSignal) {
  return apiFetch<Page<AdminSessionView>>('/api/admin/sessions', {
    signal,
    query: { userId, pageSize: 20 },
  });
}

export function useUserSessions(userId: string) {
  return useQuery({
    queryKey: queryKeys.admin.sessions.list({ userId }),
    queryFn: ({ signal }) => getUserSessions(userId, signal),
    refetchInterval: 10_000,
  });
}
