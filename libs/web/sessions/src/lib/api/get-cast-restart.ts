import { type CastInfo } from '@caster/contracts';
import { apiFetch, castKeyOf, castOriginOf } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

/**
 * "Start a new session": the casting link this tab's session came from, when the link still
 * allows a visit (GET /api/cast/:key answers — not expired, disabled or refusing this referrer;
 * it counts against no limit). Null otherwise, or while unknown.
 */
export function useCastRestart(sessionId: string, enabled: boolean): string | null {
  const path = enabled ? castOriginOf(sessionId) : null;
  const check = useQuery({
    queryKey: ['cast', 'restart', sessionId, path],
    enabled: path !== null,
    retry: false,
    staleTime: Infinity,
    queryFn: ({ signal }) =>
      apiFetch<CastInfo>(`/api/cast/${encodeURIComponent(castKeyOf(path ?? ''))}`, {
        query: { referrer: document.referrer === '' ? undefined : document.referrer },
        authRedirect: false,
        signal,
      }),
  });
  return path && check.isSuccess ? path : null;
}
