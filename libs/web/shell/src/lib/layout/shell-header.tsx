import { type Me } from '@caster/contracts';
import { Group } from '@mantine/core';
import { type ReactNode } from 'react';
import { AccountMenu } from './account-menu';
import { Brand } from './brand';
import { ThemeToggle } from './theme-toggle';

export interface ShellHeaderProps {
  me: Me;
  /** Left of the brand, e.g. the navbar burger on small screens. */
  start?: ReactNode;
  /** Right of the brand, before the user, e.g. a link between dashboard and administration. */
  links?: ReactNode;
  homePath: string;
}

export function ShellHeader({ me, start, links, homePath }: ShellHeaderProps) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        {start}
        <Brand to={homePath} />
      </Group>
      <Group gap="sm" wrap="nowrap">
        {links}
        <ThemeToggle />
        <AccountMenu me={me} />
      </Group>
    </Group>
  );
}
