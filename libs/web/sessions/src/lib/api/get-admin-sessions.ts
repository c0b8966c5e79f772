import { type AdminSessionView, type Page, type SessionState } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export interface AdminSessionsQuery {
  page: number;
  pageSize: number;
  /** Owner's username (substring). */
  q?: string;
  /** Omitted: every live session (staged through stopping). */
  state?: SessionState;
  /** By creation time; omitted: newest first. */
  order?: 'asc' | 'desc';
}

export function listAdminSessions(query: AdminSessionsQuery, signal?: AbortSignal) {
  return apiFetch<Page<AdminSessionView>>('/api/admin/sessions', {
    signal,
    query: {
      page: query.page,
      pageSize: query.pageSize,
      q: query.q || undefined,
      state: query.state,
      order: query.order,
    },
  });
}

export const ADMIN_SESSIONS_REFRESH_MS = 5_000;

export function useAdminSessions(query: AdminSessionsQuery) {
  return useQuery({
    queryKey: queryKeys.admin.sessions.list(query),
    queryFn: ({ signal }) => listAdminSessions(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: ADMIN_SESSIONS_REFRESH_MS,
    staleTime: 0,
  });
}
