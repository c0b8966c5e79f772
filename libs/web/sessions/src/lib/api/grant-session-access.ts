import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';
import { sessionPath } from './get-session';

/**
 * Asks the API for the HttpOnly cookie (path `/session/<id>/`) that admits this browser to the
 * session proxy. Must succeed before the session is framed, or the frame gets a 404.
 */
export async function grantSessionAccess(id: string): Promise<true> {
  await apiFetch<undefined>(`${sessionPath(id)}/access`, { method: 'POST' });
  return true;
}

/** A query rather than a mutation: it runs once per page view, deduplicated across re-renders. */
export function useSessionAccess(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sessions.access(id),
    queryFn: () => grantSessionAccess(id),
    enabled,
    staleTime: Infinity,
    gcTime: 0,
  });
}
