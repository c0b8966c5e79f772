import { type CastResponse } from '@caster/contracts';
import { type ApiError, errorPagePath } from '@caster/web/core';

/** Where the cast page sends the visitor: a route of this SPA, or another site (the Error URL). */
export type CastExit = { kind: 'route'; to: string } | { kind: 'external'; url: string };

/**
 * The link's Error URL with `code=<CODE>` added to its query (`https://acme.com/oops?lang=en` →
 * `…?lang=en&code=CAST_EXPIRED`), keeping its fragment. Only http(s) URLs are followed: anything
 * else (`javascript:`, `data:`, garbage) answers null and the internal error page is used instead.
 * A `code` the URL already carries is replaced, so the page that receives it reads one value.
 */
export function errorUrlWithCode(errorUrl: string, code: string): string | null {
  let url: URL;
  try {
    url = new URL(errorUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && paramName(part) !== 'code');
  // Assigning `search` keeps the other parameters exactly as the administrator wrote them.
  url.search = [...kept, `code=${encodeURIComponent(code)}`].join('&');
  return url.href;
}

function paramName(part: string): string {
  const name = part.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Where a refused cast goes: the Error URL the API names in `details.errorUrl` (or, when the
 * request never got an answer, the one the link's info gave), else `#/error?code=…`, which for
 * RATE_LIMITED also says when to retry.
 */
export function errorExit(error: ApiError, knownErrorUrl?: string | null): CastExit {
  const errorUrl = typeof error.details.errorUrl === 'string' ? error.details.errorUrl : knownErrorUrl;
  const external = errorUrl ? errorUrlWithCode(errorUrl, error.code) : null;
  if (external) return { kind: 'external', url: external };
  return {
    kind: 'route',
    to: errorPagePath(error.code, error.code === 'RATE_LIMITED' ? error.retryAfterSeconds : undefined),
  };
}

/** The session the API accepted: its `redirect` (`#/session/<id>`) as a route of this SPA. */
export function successExit(response: CastResponse): CastExit {
  const route = response.redirect.replace(/^#/, '');
  const safe = /^\/session\/[A-Za-z0-9-]+$/.test(route);
  return { kind: 'route', to: safe ? route : `/session/${encodeURIComponent(response.sessionId)}` };
}

/** `openUrl` goes to a new tab only when it is an http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
