import { EmptyState, IconAlert, LoadingState, SessionFrame, viewOnlySettings } from '@caster/web/ui';
import { Badge, Box, Button, Center, Stack, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { useJoinShare } from '../api/join-share';

/** A watcher gets nothing of the sharer's: no clipboard, microphone, gamepads or downloads. */
const WATCHER_SETTINGS = viewOnlySettings();

/** `#/share/:shareId` (public): someone else's session, watched view-only. */
export function SharePage() {
  const { shareId = '' } = useParams();
  const join = useJoinShare(shareId);

  // A reconnect joins again: the enter URL inside is single use, and the share may have ended.
  if (join.isPending || (join.isFetching && !join.isError))
    return <LoadingState label="Joining the shared session…" />;
  if (join.isError) {
    const gone = join.error.code === 'NOT_FOUND';
    return (
      <Center mih="100vh" p="md">
        <EmptyState
          data-testid="share-unavailable"
          icon={<IconAlert />}
          title={gone ? 'This share link is not active' : 'The shared session could not be opened'}
          text={
            <Text component="span" role="alert">
              {gone
                ? 'The person who shared it may have stopped sharing, or their session has ended. Ask them for a new link.'
                : 'Something went wrong while joining. Try again in a moment.'}
            </Text>
          }
          action={
            gone ? null : (
              <Button variant="light" onClick={() => void join.refetch()}>
                Try again
              </Button>
            )
          }
        />
      </Center>
    );
  }

  // View-only viewers cannot resize the remote desktop; scaling shows all of it in any window.
  return (
    <Box pos="fixed" inset={0} data-testid="share-viewer">
      <SessionFrame
        entry={join.data}
        settings={WATCHER_SETTINGS}
        viewOnly
        fixedResolution
        title="Shared session (view only)"
      />
      <Box pos="absolute" top={8} left={8} style={{ zIndex: 10 }}>
        <Stack gap={4} align="flex-start">
          <Badge color="gray" variant="filled" size="lg" data-testid="view-only-badge">
            View only
          </Badge>
          <Button size="compact-xs" variant="default" onClick={() => void join.refetch()}>
            Reconnect
          </Button>
        </Stack>
      </Box>
    </Box>
  );
}
