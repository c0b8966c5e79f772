import { type Me } from '@caster/contracts';
import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { type ReactElement, StrictMode } from 'react';
import { createMemoryRouter, type DataRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';

// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens on it.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });
}

export const admin: Me = { id: 'u-admin', username: 'root', role: 'admin', anonymous: false, groups: [] };

export interface Rendered extends RenderResult {
  router: DataRouter;
  queryClient: QueryClient;
}

/**
 * Renders `element` at `url` (matched by `path`) in a memory router, as the app does (StrictMode
 * included, so effects run twice); any other path renders a marker so navigation can be asserted.
 */
export function renderPage(
  element: ReactElement,
  { path = '/', url = path, me = admin }: { path?: string; url?: string; me?: Me | null } = {},
): Rendered {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  queryClient.setQueryData(queryKeys.auth.me(), me);
  const router = createMemoryRouter(
    [
      { path, element },
      { path: '*', element: <div data-testid="elsewhere" /> },
    ],
    { initialEntries: [url] },
  );
  const result = render(
    <StrictMode>
      <MantineProvider>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
  return { ...result, router, queryClient };
}

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function apiError(status: number, code: string, details?: unknown): Response {
  return jsonResponse(status, { error: { code, message: code, details } });
}

type Answer = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

/** Stubs global fetch with one answer per `METHOD /path`; an unknown request fails loudly. */
export function mockFetch(answers: Record<string, Answer>) {
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://caster.test');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
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
      const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const url = new URL(raw, 'http://caster.test');
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      return { key: `${init?.method ?? 'GET'} ${url.pathname}`, url, body };
    })
    .filter((call) => call.key === key)
    .map(({ url, body }) => ({ url, body }));
}
