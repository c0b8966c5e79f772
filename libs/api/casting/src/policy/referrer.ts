/**
 * Restrict to Referrers: the referring page's host must equal a listed domain or be a subdomain
 * of it, case-insensitively — `evilacme.com` is not `acme.com`, nor is `acme.com.evil.net`.
 * An empty list allows everyone; with a list, a missing or unparsable referrer is refused.
 * (Browsers choose what Referer they send: this is a browser-level control, not authentication.)
 */
export function referrerAllowed(referrer: string | null | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (typeof referrer !== 'string' || referrer.length === 0 || referrer.length > 4096) return false;
  let host: string;
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    host = url.hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return allowed.some((entry) => {
    const domain = entry.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A domain name as an admin may list it ("acme.com", "*.acme.com" meaning the same). */
export function isDomainName(value: string): boolean {
  const domain = value.replace(/^\*\./, '');
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  return (
    (labels.length >= 1 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1])) ||
    /^localhost$/i.test(domain)
  );
}
