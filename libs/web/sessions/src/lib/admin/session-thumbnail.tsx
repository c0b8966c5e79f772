import { Box, Image, Skeleton, Text } from '@mantine/core';
import { useSessionThumbnail } from '../api/get-session-thumbnail';

export interface SessionThumbnailProps {
  sessionId: string;
  /** Only running desktop sessions have a screen to show; otherwise nothing is asked for. */
  live: boolean;
  width: number;
  label: string;
}

/** A session's screen, refreshed every few seconds, taken by the API through the session. */
export function SessionThumbnail({ sessionId, live, width, label }: SessionThumbnailProps) {
  const thumbnail = useSessionThumbnail(sessionId, live);
  const height = Math.round((width * 10) / 16);
  if (!live) return null;
  if (thumbnail.url)
    return (
      <Image
        src={thumbnail.url}
        alt={label}
        w={width}
        maw="100%"
        radius="sm"
        data-testid={`session-thumbnail-${sessionId}`}
        style={{ border: '1px solid var(--mantine-color-default-border)' }}
      />
    );
  if (thumbnail.isPending)
    return <Skeleton w={width} h={height} radius="sm" aria-label="Loading the screen" />;
  return (
    <Box w={width}>
      <Text size="xs" c="dimmed">
        No picture
      </Text>
    </Box>
  );
}
