/** What the HTTP histogram needs of a request: Express sets `route` once a route matched. */
export interface RoutedRequest {
  route?: { path?: unknown };
  baseUrl?: string;
  path: string;
  /** Set by the session proxy on requests to a session's own origin. */
  sessionOrigin?: boolean;
}

/**
 * The `route` label: the matched route's template (`/api/admin/casting/:id`), never the raw URL, so
 * ids and probes cannot grow the series without bound. Requests no route took are grouped: the
 * session proxy, API paths that matched nothing (404 or refused before routing), and the SPA.
 */
export function routeLabel(req: RoutedRequest): string {
  const template = req.route?.path;
  if (typeof template === 'string') return `${req.baseUrl ?? ''}${template}`;
  if (req.sessionOrigin) return 'session-origin';
  if (/^\/session\/[^/]+(\/|$)/.test(req.path)) return '/session/:id/*';
  if (/^\/(api|metrics)(\/|$)/.test(req.path)) return 'unmatched';
  return 'spa';
}
