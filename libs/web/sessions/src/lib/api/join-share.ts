import { type JoinShareResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/** Public: sets a view-only cookie scoped to the shared session's proxy path. */
export function joinShare(shareId: string): Promise<JoinShareResponse> {
  return apiFetch<JoinShareResponse>(`/api/shares/${encodeURIComponent(shareId)}/join`, {
    method: 'POST',
    authRedirect: false,
  });
}

export function useJoinShare(shareId: string) {
  return useQuery({
    queryKey: queryKeys.sessions.share(shareId),
    queryFn: () => joinShare(shareId),
    staleTime: Infinity,
    gcTime: 0,
  });
}
