import { errorMessage, usePageTitle } from '@caster/web/core';
import { EmptyState, IconAlert, IconInbox } from '@caster/web/ui';
import { Button, Center, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { WayBack } from './way-back';

export interface SessionEndedProps {
  /** Set when the session failed; `code` is an error code from the catalogue. */
  failure?: { code: string } | null;
  /** It failed before it ever ran: a launch failure rather than an ending. */
  neverStarted?: boolean;
  /** The casting link to open again (`/cast/<key>?…`), when it still allows a visit. */
  restartPath?: string | null;
}

/** Shown once the session is stopped or failed, in place of the frame. */
export function SessionEnded({ failure, neverStarted = false, restartPath = null }: SessionEndedProps) {
  const title = failure
    ? neverStarted
      ? 'Your session could not be started'
      : 'Your session stopped unexpectedly'
    : 'Your session has ended';
  usePageTitle(title);
  return (
    <Center mih="100vh" p="md">
      <EmptyState
        data-testid={failure ? 'session-failed' : 'session-ended'}
        icon={failure ? <IconAlert /> : <IconInbox />}
        title={title}
        text={
          <Stack gap="xs" component="span">
            {failure ? (
              <>
                <Text component="span" role="alert">
                  {errorMessage(failure.code)}
                </Text>
                {/* Quoted to support; the same code appears in the administrators' session list. */}
                <Text component="span" size="xs" c="dimmed">
                  Error code: {failure.code}
                </Text>
              </>
            ) : (
              <Text component="span">
                It was stopped, or it reached the end of its time. Anything left inside it is gone.
              </Text>
            )}
          </Stack>
        }
        action={
          restartPath ? (
            <Stack align="center" gap="xs">
              <Button component={Link} to={restartPath} replace data-testid="session-restart">
                Start a new session
              </Button>
              <WayBack quiet />
            </Stack>
          ) : (
            <WayBack />
          )
        }
      />
    </Center>
  );
}
