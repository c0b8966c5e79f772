import { EmptyState, IconAlert, LoadingState } from '@caster/web/ui';
import { Badge, Box, Button, Center, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useJoinShare } from '../api/join-share';
import { frameUrl } from '../viewer/frame-url';

/** `#/share/:shareId` (public): someone else's session, watched view-only. */
export function SharePage() {
  const { shareId = '' } = useParams();
  const join = useJoinShare(shareId);
  const [frameKey, setFrameKey] = useState(0);

  if (join.isPending) return <LoadingState label="Joining the shared session…" />;
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
  const src = frameUrl(join.data.viewerUrl, { viewOnly: true, fixedResolution: true });
  return (
    <Box pos="fixed" inset={0} data-testid="share-viewer">
      <iframe
        key={frameKey}
        src={src}
        title="Shared session (view only)"
        // A watcher gets nothing of the sharer's: no clipboard, microphone or gamepads.
        allow="clipboard-read 'none'; clipboard-write 'none'; microphone 'none'; gamepad 'none'; fullscreen 'self'"
        allowFullScreen
        data-testid="session-frame"
        style={{ border: 0, width: '100%', height: '100%', display: 'block' }}
      />
      <Box pos="absolute" top={8} left={8} style={{ zIndex: 10 }}>
        <Stack gap={4} align="flex-start">
          <Badge color="gray" variant="filled" size="lg" data-testid="view-only-badge">
            View only
          </Badge>
          <Button size="compact-xs" variant="default" onClick={() => setFrameKey((k) => k + 1)}>
            Reconnect
          </Button>
        </Stack>
      </Box>
    </Box>
  );
}
