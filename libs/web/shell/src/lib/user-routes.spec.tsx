import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { user } from '../test/render-app';
import { createRoutes } from './routes';

function renderWith(userRoutes: Parameters<typeof createRoutes>[0]) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: Infinity } });
  queryClient.setQueryData(queryKeys.auth.me(), user);
  const router = createMemoryRouter(createRoutes(userRoutes), { initialEntries: ['/'] });
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('userRoutes', () => {
  it('an index route replaces the dashboard placeholder, inside the signed-in layout', async () => {
    renderWith({ userRoutes: [{ index: true, element: <p data-testid="real-dashboard">cards</p> }] });
    const layout = await screen.findByTestId('user-dashboard');
    expect(within(layout).getByTestId('real-dashboard')).toBeTruthy();
    expect(screen.queryByText('No workspaces are available to you yet')).toBeNull();
    expect(screen.getByTestId('current-user').textContent).toBe('bob');
  });

  it('without one, the placeholder says what will appear', async () => {
    renderWith({});
    expect(await screen.findByText('No workspaces are available to you yet')).toBeTruthy();
  });
});
