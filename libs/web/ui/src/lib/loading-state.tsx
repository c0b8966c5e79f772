import { Center, Loader, Stack, Text } from '@mantine/core';

export interface LoadingStateProps {
  label?: string;
}

export function LoadingState({ label = 'Loading…' }: LoadingStateProps) {
  return (
    <Center py="xl" role="status" aria-live="polite" data-testid="loading-state">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}
