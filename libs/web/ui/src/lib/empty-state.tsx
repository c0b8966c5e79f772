import { EmptyState as MantineEmptyState } from '@mantine/core';
import { type ReactNode } from 'react';
import { IconInbox } from './icons';

export interface EmptyStateProps {
  title: string;
  /** Say what will appear here and how it gets there; never pad with sample data. */
  text: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  'data-testid'?: string;
}

export function EmptyState({ title, text, icon, action, 'data-testid': testId }: EmptyStateProps) {
  return (
    <MantineEmptyState
      py="xl"
      withIndicatorBackground
      icon={icon ?? <IconInbox />}
      title={title}
      description={text}
      data-testid={testId ?? 'empty-state'}
    >
      {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
    </MantineEmptyState>
  );
}
