import { Container, Stack } from '@mantine/core';
import { type ReactNode } from 'react';
import { Brand } from './brand';

/** For pages a visitor may land on without being signed in: sign-in, error, not found. */
export function CenteredLayout({ children, width = 420 }: { children: ReactNode; width?: number }) {
  return (
    <Container size={width} py={64} component="main">
      <Stack gap="xl">
        <Brand />
        {children}
      </Stack>
    </Container>
  );
}
