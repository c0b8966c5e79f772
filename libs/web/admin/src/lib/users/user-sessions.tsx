import { type AdminUser } from '@caster/contracts';
import { formatDateTime, shortId } from '@caster/web/ui';
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useUserSessions } from './api/get-user-sessions';

/** The user's live sessions, each opening its detail page. */
export function UserSessions({ user }: { user: AdminUser }) {
  const sessions = useUserSessions(user.id);
  const items = sessions.data?.items ?? [];
  return (
    <Card withBorder mt="lg" data-testid="user-sessions">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4">
          Sessions
        </Title>
        <Anchor component={Link} to={`/admin/sessions?q=${encodeURIComponent(user.username)}`} size="sm">
          All sessions of {user.username}
        </Anchor>
      </Group>
      {sessions.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No live sessions.
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((s) => (
            <Group key={s.id} gap="sm">
              <Anchor component={Link} to={`/admin/sessions/${s.id}`} ff="monospace" size="sm" title={s.id}>
                {shortId(s.id)}
              </Anchor>
              <Text size="sm">{s.workspaceName}</Text>
              <Badge variant="light" size="sm">
                {s.state}
              </Badge>
              <Text size="xs" c="dimmed">
                since {formatDateTime(s.createdAt)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
