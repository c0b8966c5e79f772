// The Error URL a refused cast sends the visitor to, with the refusal's code in `?code=` (docs/casting.md).

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
