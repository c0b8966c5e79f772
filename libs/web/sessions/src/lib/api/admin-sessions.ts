import { type AdminSessionView, type Page, type SessionState } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

export interface AdminSessionsQuery {
  page: number;
  pageSize: number;
  /** Owner's username (substring). */
  q?: string;
  /** Omitted: every live session (staged through stopping). */
  state?: SessionState;
}

export function listAdminSessions(query: AdminSessionsQuery, signal?: AbortSignal) {
  return apiFetch<Page<AdminSessionView>>('/api/admin/sessions', {
    signal,
    query: { page: query.page, pageSize: query.pageSize, q: query.q || undefined, state: query.state },
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

/** Stops a session and removes its container. */
export function stopAdminSession(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export interface StopManyResult {
  stopped: string[];
  failed: { id: string; error: unknown }[];
}

/** Stops each in parallel; one refusal does not keep the others running. */
export async function stopAdminSessions(ids: readonly string[]): Promise<StopManyResult> {
  const results = await Promise.allSettled(ids.map((id) => stopAdminSession(id)));
  const result: StopManyResult = { stopped: [], failed: [] };
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') result.stopped.push(ids[i]);
    else result.failed.push({ id: ids[i], error: r.reason });
  });
  return result;
}

export function useStopAdminSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: readonly string[]) => stopAdminSessions(ids),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.sessions.all }),
  });
}
