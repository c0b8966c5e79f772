import { Container, Stack, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import { Brand } from './brand';

/**
 * For pages a visitor may land on without being signed in: sign-in, error, not found. With
 * `brandLink` off the name is plain text: an anonymous visitor has no dashboard to go to.
 */
export function CenteredLayout({
  children,
  width = 420,
  brandLink = true,
}: {
  children: ReactNode;
  width?: number;
  brandLink?: boolean;
}) {
  return (
    <Container size={width} py={64} component="main">
      <Stack gap="xl">
        {brandLink ? (
          <Brand />
        ) : (
          <Text fw={700} fz="lg" aria-label="Caster">
            Caster
          </Text>
        )}
        {children}
      </Stack>
    </Container>
  );
}
