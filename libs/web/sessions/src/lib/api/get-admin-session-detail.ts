import { type AdminSessionDetail } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

export function getAdminSessionDetail(id: string, signal?: AbortSignal) {
  return apiFetch<AdminSessionDetail>(`/api/admin/sessions/${encodeURIComponent(id)}/detail`, { signal });
}

/** The session detail page; refreshed while the session is live, so its history grows in view. */
export function useAdminSessionDetail(id: string) {
  return useQuery({
    queryKey: queryKeys.admin.sessions.detail(id),
    queryFn: ({ signal }) => getAdminSessionDetail(id, signal),
    refetchInterval: (query) =>
      query.state.data && ['stopped', 'failed'].includes(query.state.data.state) ? false : 5_000,
  });
}
