import { useMe } from '@caster/web/core';
import { EmptyState, PageHeader } from '@caster/web/ui';
import { Anchor, AppShell, Container } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { ShellHeader } from '../layout/shell-header';

/** The signed-in user's pages (`#/` and any `userRoutes`): header with sign-out. Rendered under RequireAuth. */
export function UserLayout() {
  const { data: me } = useMe();
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        {me ? (
          <ShellHeader
            me={me}
            homePath="/"
            links={
              me.role === 'admin' ? (
                <Anchor component={Link} to="/admin" size="sm">
                  Administration
                </Anchor>
              ) : null
            }
          />
        ) : null}
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg" data-testid="user-dashboard">
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** `#/` until a feature provides the real dashboard through `userRoutes`. */
export function UserDashboard() {
  return (
    <>
      <PageHeader
        title="Your workspaces"
        description="Start a session from any workspace you have access to."
      />
      <EmptyState
        title="No workspaces are available to you yet"
        text="When an administrator gives one of your groups access to a workspace, it will appear here and you can start a session from it."
      />
    </>
  );
}
