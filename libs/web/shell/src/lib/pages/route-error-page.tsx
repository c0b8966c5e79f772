import { ApiError } from '@caster/web/core';
import { ErrorState } from '@caster/web/ui';
import { Button } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';
import { NotFoundPage } from './not-found-page';

/**
 * The router's last resort for a page that threw. The usual cause in production is a code chunk
 * that no longer exists after a deploy, which a reload fixes, so that is what it offers.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <CenteredLayout width={520}>
      <ErrorState
        error={ApiError.from(error)}
        action={
          <Button variant="default" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        }
      />
    </CenteredLayout>
  );
}
