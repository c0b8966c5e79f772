import { type Me } from '@caster/contracts';
import { Button, Group, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { SIGN_OUT_PATH, SIGN_OUT_STATE } from '../auth/sign-out';
import { Brand } from './brand';

export interface ShellHeaderProps {
  me: Me;
  /** Left of the brand, e.g. the navbar burger on small screens. */
  start?: ReactNode;
  /** Right of the brand, before the user, e.g. a link between dashboard and administration. */
  links?: ReactNode;
  homePath: string;
}

export function ShellHeader({ me, start, links, homePath }: ShellHeaderProps) {
  const navigate = useNavigate();
  const signOut = () => navigate(SIGN_OUT_PATH, { replace: true, state: SIGN_OUT_STATE });
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        {start}
        <Brand to={homePath} />
      </Group>
      <Group gap="md" wrap="nowrap">
        {links}
        <Text size="sm" fw={500} data-testid="current-user" truncate maw={200}>
          {me.username}
        </Text>
        <Button variant="default" size="xs" onClick={signOut}>
          Sign out
        </Button>
      </Group>
    </Group>
  );
}
