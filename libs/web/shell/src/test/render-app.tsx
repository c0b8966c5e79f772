import { type Me } from '@caster/contracts';
import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter, type DataRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { createRoutes, registerSignInRedirect } from '../lib/routes';

export const admin: Me = { id: 'u-1', username: 'alice', role: 'admin', anonymous: false, groups: [] };
export const user: Me = { id: 'u-2', username: 'bob', role: 'user', anonymous: false, groups: [] };

export interface RenderedApp extends RenderResult {
  router: DataRouter;
  queryClient: QueryClient;
}

/** The real route tree in a memory router; `me` pre-seeds the signed-in user (null: nobody). */
export function renderApp(path: string, options: { me?: Me | null } = {}): RenderedApp {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  if (options.me !== undefined) queryClient.setQueryData(queryKeys.auth.me(), options.me);
  const router = createMemoryRouter(createRoutes(), { initialEntries: [path] });
  const unregister = registerSignInRedirect(router, queryClient);
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  const unmount = result.unmount;
  return {
    ...result,
    unmount: () => {
      unregister();
      unmount();
    },
    router,
    queryClient,
  };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Stubs global fetch with a per-path answer; unknown paths fail the test loudly. */
export function mockFetch(answers: Record<string, (init: RequestInit | undefined) => Response>) {
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = url.split('?')[0];
    const answer = answers[`${init?.method ?? 'GET'} ${path}`];
    if (!answer) return Promise.reject(new Error(`unexpected request ${init?.method ?? 'GET'} ${url}`));
    return Promise.resolve(answer(init));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
