import { type JoinShareResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** An administrator's view-only way into a live session (audited by the API). */
export function viewAdminSession(id: string) {
  return apiFetch<JoinShareResponse>(`/api/admin/sessions/${encodeURIComponent(id)}/view`, {
    method: 'POST',
  });
}

/**
 * Asked once per "Watch" (and per "Reconnect"): the enter URL inside works once, so the answer is
 * never cached nor refetched on its own.
 */
export function useAdminSessionView(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.admin.sessions.view(id),
    queryFn: () => viewAdminSession(id),
    enabled,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
