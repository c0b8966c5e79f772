import { useMe } from '@caster/web/core';
import { Button, Text } from '@mantine/core';
import { Link } from 'react-router';

/**
 * Where to go when a session is over. A signed-in user has a dashboard; a visitor who came
 * through a casting link has nothing else here, so they are told what to do instead.
 */
export function WayBack({ quiet = false }: { quiet?: boolean }) {
  const { data: me } = useMe();
  if (me && !me.anonymous) {
    return (
      <Button component={Link} to="/" variant="light">
        Back to your workspaces
      </Button>
    );
  }
  // Beside a "Start a new session" button, the visitor needs no instructions to start again.
  if (quiet) return null;
  return (
    <Text size="sm" c="dimmed" ta="center">
      You can close this page. To start again, open the link you were given once more.
    </Text>
  );
}
