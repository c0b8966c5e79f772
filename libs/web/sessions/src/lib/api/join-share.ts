import { type JoinShareResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/**
 * Public: a view-only grant, handed back as a single-use enter URL on the session's origin. The
 * dashboard's origin keeps nothing about the session (no cookie here).
 */
export function joinShare(shareId: string): Promise<JoinShareResponse> {
  return apiFetch<JoinShareResponse>(`/api/shares/${encodeURIComponent(shareId)}/join`, {
    method: 'POST',
    authRedirect: false,
  });
}

/** Each (re)load of the frame needs a fresh enter URL: `refetch()` joins again. */
export function useJoinShare(shareId: string) {
  return useQuery({
    queryKey: queryKeys.sessions.share(shareId),
    queryFn: () => joinShare(shareId),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
