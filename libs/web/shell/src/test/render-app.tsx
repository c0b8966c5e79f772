import { type Me } from '@caster/contracts';
import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { createMemoryRouter, type DataRouter, RouterProvider } from 'react-router';
import { createRoutes, registerSignInRedirect } from '../lib/routes';

// The shell's specs name their administrator ("alice" in the header); the plain user is the shared one.
export const admin: Me = { id: 'u-1', username: 'alice', role: 'admin', anonymous: false, groups: [] };
export { user } from '@caster/web/test-utils';

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
