import { errorUrlWithCode, isErrorCode, type SessionView } from '@caster/contracts';
import { errorPagePath } from '@caster/web/core';

/** Where a visitor goes when a cast session's launch fails: the link's Error URL, or the coded page. */
export type CastFailureExit = { kind: 'route'; to: string } | { kind: 'external'; url: string };

/**
 * A session a casting link made and that failed before it ever ran goes where the link's refusals
 * go: its Error URL with `?code=` (http(s) only), else `#/error?code=`. Any other session (a
 * dashboard launch, one that stopped after running) stays on the viewer's own ended screen: null.
 */
export function castFailureExit(
  session: Pick<SessionView, 'cast'> | undefined,
  failureCode: string,
  neverStarted: boolean,
  /** The casting link in this tab (`/cast/<key>?…`), for the error page's "Try again". */
  retryPath: string | null = null,
): CastFailureExit | null {
  if (!session?.cast || !neverStarted) return null;
  const code = isErrorCode(failureCode) ? failureCode : 'PROVISION_FAILED';
  const external = session.cast.errorUrl ? errorUrlWithCode(session.cast.errorUrl, code) : null;
  return external
    ? { kind: 'external', url: external }
    : { kind: 'route', to: errorPagePath(code, undefined, retryPath) };
}
