import { type ApiError, errorMessage } from '@caster/web/core';
import { Button, Group, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import { EmptyState } from './empty-state';
import { IconAlert } from './icons';

export interface ErrorStateProps {
  error: ApiError;
  title?: string;
  /** Offered only when asking again can help (e.g. react-query's `refetch`). */
  onRetry?: () => void;
  action?: ReactNode;
}

/** Shows the code's plain sentence, never the API's `message`, which is written for developers. */
export function ErrorState({ error, title = 'Something went wrong', onRetry, action }: ErrorStateProps) {
  return (
    <EmptyState
      data-testid="error-state"
      icon={<IconAlert />}
      title={title}
      text={
        <>
          <Text component="span" display="block" role="alert">
            {errorMessage(error.code, { retryAfterSeconds: error.retryAfterSeconds })}
          </Text>
          {error.requestId ? (
            // Lets support find the request in the API logs.
            <Text component="span" display="block" size="xs" c="dimmed" mt="xs">
              Reference: {error.requestId}
            </Text>
          ) : null}
        </>
      }
      action={
        onRetry || action ? (
          <Group gap="sm" justify="center">
            {onRetry ? (
              <Button variant="light" onClick={onRetry}>
                Try again
              </Button>
            ) : null}
            {action}
          </Group>
        ) : null
      }
    />
  );
}
