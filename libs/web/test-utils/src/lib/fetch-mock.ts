import { vi } from 'vitest';

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** The API's error body (`{ error: { code, message, details } }`) with `status`. */
export function apiError(status: number, code: string, details?: unknown): Response {
  return jsonResponse(status, { error: { code, message: code, details } });
}

export type Answer = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

function requestUrl(input: Parameters<typeof fetch>[0]): URL {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new URL(raw, 'http://caster.test');
}

function requestKey(url: URL, init: RequestInit | undefined): string {
  return `${init?.method ?? 'GET'} ${url.pathname}`;
}

/**
 * Stubs global fetch with one answer per `METHOD /path`; an unknown request fails the test
 * loudly. The answer gets the parsed URL (query string included) and the request init.
 */
export function mockFetch(answers: Record<string, Answer>) {
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const url = requestUrl(input);
    const key = requestKey(url, init);
    const answer = answers[key];
    if (!answer) return Promise.reject(new Error(`unexpected request ${key}${url.search}`));
    return Promise.resolve(answer(url, init));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** The requests made so far to `METHOD /path`, as parsed URLs and bodies. */
export function callsTo(fetchMock: ReturnType<typeof mockFetch>, key: string): { url: URL; body: unknown }[] {
  return fetchMock.mock.calls
    .map(([input, init]) => {
      const url = requestUrl(input);
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      return { key: requestKey(url, init), url, body };
    })
    .filter((call) => call.key === key)
    .map(({ url, body }) => ({ url, body }));
}
