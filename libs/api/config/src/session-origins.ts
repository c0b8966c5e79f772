import { isIP } from 'node:net';
/**
 * Where session content is served: every session on an origin of its own, never the dashboard's
 * (issue 11). SESSIONS_URL is a template such as `https://{id}.sessions.example.com`; `{id}` is the
 * session's lower-case UUID and sits in the host's first label, so each session is its own host.
 */
export interface SessionOrigins {
  /** The template as configured (or defaulted), e.g. `http://{id}.localhost:3000`. */
  template: string;
  secure: boolean;
  /** Origins that may frame session content and that the dashboard is served from. */
  dashboardOrigins: string[];
  /** `<origin>/` of a session: where its viewer frames it. */
  urlFor(sessionId: string): string;
  /** The session's origin (scheme://host[:port]), as browsers send it in `Origin`. */
  originFor(sessionId: string): string;
  /** The session id a `Host` header names, or null when the host is not a session host. */
  sessionIdFromHost(host: string | undefined): string | null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the helpers, or answers what is wrong with the template. */
export function parseSessionOrigins(
  template: string,
  dashboardOrigins: string[],
  name = 'SESSIONS_URL',
): SessionOrigins | string {
  const trimmed = template.replace(/\/+$/, '');
  if (trimmed.split('{id}').length !== 2) return `${name}: must contain {id} exactly once`;
  let url: URL;
  try {
    url = new URL(trimmed.replace('{id}', PLACEHOLDER));
  } catch {
    return `${name}: not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${name}: expected an http or https URL`;
  if (url.username || url.password) return `${name}: must not carry a user name or password`;
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(trimmed))
    return `${name}: must be an origin only (no path, query or fragment)`;
  const [first, ...rest] = url.hostname.split('.');
  if (!first.includes(PLACEHOLDER)) return `${name}: {id} must be in the first label of the host`;
  if (first.length > 63) return `${name}: the first label of the host is longer than 63 characters`;
  if (rest.length === 0) return `${name}: the host needs a domain after the {id} label`;
  const [prefix, suffix] = first.split(PLACEHOLDER);
  const domain = rest.join('.');
  // URL drops the scheme's default port, so `url.port` is '' for https://…:443.
  const port = url.port;
  const base = `${url.protocol}//${prefix}{id}${suffix}.${domain}${port ? `:${port}` : ''}`;
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  const hostRe = new RegExp(
    `^${escape(prefix)}(${UUID})${escape(suffix)}\\.${escape(domain)}(?::(\\d{1,5}))?$`,
    'i',
  );
  const originFor = (id: string): string => base.replace('{id}', id.toLowerCase());
  return {
    template: base,
    secure: url.protocol === 'https:' || domain === 'localhost' || domain.endsWith('.localhost'),
    dashboardOrigins,
    originFor,
    urlFor: (id) => `${originFor(id)}/`,
    sessionIdFromHost: (host) => {
      const m = hostRe.exec((host ?? '').trim());
      if (!m) return null;
      if ((m[2] ?? defaultPort) !== (port || defaultPort)) return null;
      return m[1].toLowerCase();
    },
  };
}

/** SESSIONS_URL unset: a subdomain of PUBLIC_URL's host, else `http://{id}.localhost:<PORT>`. */
export function defaultSessionsTemplate(publicUrl: string | null, port: number): string {
  if (!publicUrl) return `http://{id}.localhost:${port}`;
  const u = new URL(publicUrl);
  // An address has no subdomains: a loopback one (a workstation, a smoke test) becomes *.localhost,
  // which browsers resolve to loopback themselves, on PUBLIC_URL's port.
  if (isLoopbackHost(u.hostname)) return `${u.protocol}//{id}.localhost${u.port ? `:${u.port}` : ''}`;
  return `${u.protocol}//{id}.${u.host}`;
}

/** Why SESSIONS_URL must be set, when its default cannot work; null when it can. */
export function sessionsUrlRequired(publicUrl: string | null): string | null {
  if (!publicUrl) return null;
  const host = new URL(publicUrl).hostname;
  if (isLoopbackHost(host) || !isIpAddress(host)) return null;
  return `SESSIONS_URL: required when PUBLIC_URL's host is an IP address (${host}): each session needs a host name of its own, e.g. https://{id}.sessions.example.net with wildcard DNS`;
}

function isIpAddress(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  );
}

/** Who may frame sessions: PUBLIC_URL's origin, else the loopback names a workstation uses. */
export function defaultDashboardOrigins(publicUrl: string | null, port: number): string[] {
  if (publicUrl) return [new URL(publicUrl).origin];
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}
