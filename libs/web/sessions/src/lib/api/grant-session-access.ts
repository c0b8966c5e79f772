import { type SessionEntryResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';
import { sessionPath } from './get-session';

/**
 * Asks the API for a fresh enter URL: a single-use grant (about 60 s) that the session's origin
 * trades for its own HttpOnly cookie. Nothing about the session is stored on the dashboard's origin.
 */
export function grantSessionAccess(id: string): Promise<SessionEntryResponse> {
  return apiFetch<SessionEntryResponse>(`${sessionPath(id)}/access`, { method: 'POST' });
}

/**
 * A query rather than a mutation: one grant per frame load, deduplicated across re-renders. Its
 * code is single use, so it is never refetched behind the frame's back (focus, reconnect) and
 * never kept once the viewer is gone; `refetch()` is how the frame is loaded again.
 */
export function useSessionAccess(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sessions.access(id),
    queryFn: () => grantSessionAccess(id),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}
