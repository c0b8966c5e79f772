import { createQueryClient, errorMessages } from '@caster/web/core';
import { render, screen } from '@testing-library/react';
// react-router/dom (used by main.tsx) resolves to a second copy of react-router under vitest.
import { RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppProviders } from './providers';
import { createRouter } from './router';

describe('the app wiring', () => {
  it('serves the hash route #/error through the real providers and router', async () => {
    window.location.hash = '#/error?code=NO_CAPACITY';
    const queryClient = createQueryClient();
    render(
      <AppProviders queryClient={queryClient}>
        <RouterProvider router={createRouter(queryClient)} />
      </AppProviders>,
    );
    expect((await screen.findByTestId('error-message')).textContent).toBe(errorMessages.NO_CAPACITY);
  });
});
