import { Stack, Text } from '@mantine/core';
import { type ReactNode } from 'react';

/** One widget of the control panel: a titled region, so it is found by name (and by screen readers). */
export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack component="section" aria-label={title} gap={6}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      {children}
    </Stack>
  );
}
