import { type CastInfo, type CastRequest, type CastResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions } from '@tanstack/react-query';

function castUrl(key: string): string {
  return `/api/cast/${encodeURIComponent(key)}`;
}

/** `GET /api/cast/:key`: checks only existence, expiry and referrer; counts against no limit. */
export function getCastInfo(key: string, referrer: string, signal?: AbortSignal): Promise<CastInfo> {
  return apiFetch<CastInfo>(castUrl(key), {
    query: { referrer: referrer === '' ? undefined : referrer },
    signal,
    authRedirect: false,
  });
}

export function castInfoQueryOptions(key: string, referrer: string, visit: string) {
  return queryOptions({
    queryKey: queryKeys.cast.info(key, visit),
    // No abort signal: react-query would cancel and repeat the request when StrictMode replays
    // the page's mount, and this one read is cheap to let finish.
    queryFn: () => getCastInfo(key, referrer),
    // Read once per visit and forgotten after it: a refetch could only move the visitor somewhere
    // they already are, and a later visit (after signing in) must ask again.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

/**
 * `POST /api/cast/:key`. CAPTCHA_REQUIRED and AUTH_REQUIRED are 401s that belong to this page,
 * not an expired sign-in, so they must not bounce the visitor to `#/login`.
 */
export function postCast(key: string, body: CastRequest): Promise<CastResponse> {
  return apiFetch<CastResponse>(castUrl(key), { method: 'POST', body, authRedirect: false });
}
