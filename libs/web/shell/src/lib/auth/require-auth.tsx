import { type Me } from '@caster/contracts';
import { signInPath, useMe } from '@caster/web/core';
import { EmptyState, ErrorState, IconLock, LoadingState } from '@caster/web/ui';
import { Button } from '@mantine/core';
import { type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';

export interface RequireAuthProps {
  /** Extra condition on the signed-in user; `denied` is shown when it fails. */
  allow?: (me: Me) => boolean;
  denied?: ReactNode;
}

/**
 * Route wrapper: renders the child routes for a signed-in user, otherwise sends them to sign in
 * and back here afterwards. Anonymous accounts made by casting links do not count as signed in:
 * they exist to reach one session, not the dashboard.
 */
export function RequireAuth({ allow, denied }: RequireAuthProps) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <LoadingState label="Checking your sign-in…" />;
  if (me.data === undefined) {
    return (
      <CenteredLayout>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </CenteredLayout>
    );
  }
  if (me.data === null || me.data.anonymous) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  if (allow && !allow(me.data)) return <>{denied}</>;
  return <Outlet />;
}

const isAdmin = (me: Me) => me.role === 'admin';

export function RequireAdmin() {
  return (
    <RequireAuth
      allow={isAdmin}
      denied={
        <CenteredLayout>
          <EmptyState
            data-testid="admin-only"
            icon={<IconLock />}
            title="Administrators only"
            text="This part of Caster is for administrators. Your account can use the workspaces on your dashboard."
            action={
              <Button component={Link} to="/">
                Go to your dashboard
              </Button>
            }
          />
        </CenteredLayout>
      }
    />
  );
}
