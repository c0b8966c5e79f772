import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import { type ReactElement } from 'react';

export function renderUi(ui: ReactElement): RenderResult {
  return render(ui, { wrapper: ({ children }) => <MantineProvider>{children}</MantineProvider> });
}
