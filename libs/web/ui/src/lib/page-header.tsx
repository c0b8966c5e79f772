import { Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode } from 'react';
import { usePageTitle } from '@caster/web/core';

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Buttons for the page's main actions, aligned to the right. */
  actions?: ReactNode;
  /** The browser tab's title when it should differ from `title` (e.g. carry a record's name). */
  documentTitle?: string;
}

/** A page's heading; it also titles the browser tab ("<title> · Caster"). */
export function PageHeader({ title, description, actions, documentTitle }: PageHeaderProps) {
  usePageTitle(documentTitle ?? title);
  return (
    <Group component="header" justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="lg">
      <Stack gap={4}>
        <Title order={1} fz="h2">
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}
