import { type Me } from '@caster/contracts';
import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { type ReactElement, type ReactNode, StrictMode } from 'react';
import { createMemoryRouter, type DataRouter, RouterProvider } from 'react-router';
import { admin } from './users';

// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens on it.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });
}

export interface ProviderOptions {
  /** The signed-in user seeded into the cache; null: nobody. Default: an administrator. */
  me?: Me | null;
  /** Render inside StrictMode, as the app does, so effects run twice. */
  strict?: boolean;
  /** How long cached answers stay fresh; pages that poll or refetch want the default 0. */
  staleTime?: number;
}

export interface RenderPageOptions extends ProviderOptions {
  /** The route pattern the page is mounted at. */
  path?: string;
  /** Where the memory router starts (default: `path`). */
  url?: string;
}

export interface Rendered extends RenderResult {
  router: DataRouter;
  queryClient: QueryClient;
}

function testQueryClient(me: Me | null, staleTime: number): QueryClient {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime } });
  queryClient.setQueryData(queryKeys.auth.me(), me);
  return queryClient;
}

function Providers({
  queryClient,
  strict,
  children,
}: {
  queryClient: QueryClient;
  strict: boolean;
  children: ReactNode;
}) {
  const tree = (
    <MantineProvider>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
  return strict ? <StrictMode>{tree}</StrictMode> : tree;
}

/**
 * Renders `element` at `url` (matched by `path`) in a memory router with a fresh query client and
 * the app's providers; any other path renders a marker (`elsewhere`) so navigation can be asserted.
 */
export function renderPage(
  element: ReactElement,
  { path = '/', url = path, me = admin, strict = false, staleTime = Infinity }: RenderPageOptions = {},
): Rendered {
  const queryClient = testQueryClient(me, staleTime);
  const router = createMemoryRouter(
    [
      { path, element },
      { path: '*', element: <div data-testid="elsewhere" /> },
    ],
    { initialEntries: [url] },
  );
  const result = render(
    <Providers queryClient={queryClient} strict={strict}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...result, router, queryClient };
}

/** A component that needs the providers but no route. */
export function renderUi(
  ui: ReactElement,
  { me = admin, strict = false, staleTime = Infinity }: ProviderOptions = {},
): RenderResult & { queryClient: QueryClient } {
  const queryClient = testQueryClient(me, staleTime);
  const result = render(
    <Providers queryClient={queryClient} strict={strict}>
      {ui}
    </Providers>,
  );
  return { ...result, queryClient };
}
