import { errorUrlWithCode, type CastResponse } from '@caster/contracts';
import { type ApiError, errorPagePath } from '@caster/web/core';

/** Where the cast page sends the visitor: a route of this SPA, or another site (the Error URL). */
export type CastExit = { kind: 'route'; to: string } | { kind: 'external'; url: string };

/**
 * Where a refused cast goes: the Error URL the API names in `details.errorUrl` (or, when the
 * request never got an answer, the one the link's info gave), else `#/error?code=…`, which for
 * RATE_LIMITED also says when to retry, and whose "Try again" comes back to `retryPath`.
 */
export function errorExit(
  error: ApiError,
  knownErrorUrl?: string | null,
  retryPath?: string | null,
): CastExit {
  const errorUrl = typeof error.details.errorUrl === 'string' ? error.details.errorUrl : knownErrorUrl;
  const external = errorUrl ? errorUrlWithCode(errorUrl, error.code) : null;
  if (external) return { kind: 'external', url: external };
  return {
    kind: 'route',
    to: errorPagePath(
      error.code,
      error.code === 'RATE_LIMITED' ? error.retryAfterSeconds : undefined,
      retryPath,
    ),
  };
}

/** The session the API accepted: its `redirect` (`#/session/<id>`) as a route of this SPA. */
export function successExit(response: CastResponse): CastExit {
  const route = response.redirect.replace(/^#/, '');
  const safe = /^\/session\/[A-Za-z0-9-]+$/.test(route);
  return { kind: 'route', to: safe ? route : `/session/${encodeURIComponent(response.sessionId)}` };
}
