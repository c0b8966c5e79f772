/**
 * The dashboard's CSP source for session frames: every session's origin and none other, e.g.
 * `http://*.localhost:3000` for SESSIONS_URL `http://{id}.localhost:3000`. {id} is always in the
 * host's first label, and a CSP host wildcard stands for exactly that: one or more leading labels
 * of the domain after it. A prefix or suffix around {id} in that label (`s-{id}`) is wider than
 * the wildcard needs, never narrower.
 */
export function sessionsFrameSource(template: string): string {
  const url = new URL(template.replace('{id}', 'x'));
  const domain = url.hostname.split('.').slice(1).join('.');
  return `${url.protocol}//*.${domain}${url.port ? `:${url.port}` : ''}`;
}
