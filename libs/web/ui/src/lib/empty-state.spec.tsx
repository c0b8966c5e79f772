import { Button } from '@mantine/core';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '@caster/web/test-utils';
import { EmptyState } from './empty-state';
import { PageHeader } from './page-header';

describe('EmptyState and PageHeader', () => {
  it('render their title, text and actions', () => {
    renderUi(
      <>
        <PageHeader
          title="Users"
          description="Everyone who can sign in."
          actions={<Button>Add user</Button>}
        />
        <EmptyState
          title="No users yet"
          text="Users will appear here once you add one."
          action={<Button>Invite</Button>}
        />
      </>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeTruthy();
    expect(screen.getByText('Everyone who can sign in.')).toBeTruthy();
    expect(screen.getByText('No users yet')).toBeTruthy();
    expect(screen.getByText('Users will appear here once you add one.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Invite' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add user' })).toBeTruthy();
  });
});
