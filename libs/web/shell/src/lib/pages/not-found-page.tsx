import { EmptyState, IconCompass } from '@caster/web/ui';
import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';

export function NotFoundPage() {
  return (
    <CenteredLayout width={520}>
      <EmptyState
        data-testid="not-found"
        icon={<IconCompass />}
        title="Page not found"
        text="There is nothing at this address. Check the link, or go back to the home page."
        action={
          <Button component={Link} to="/" variant="light">
            Go to the home page
          </Button>
        }
      />
    </CenteredLayout>
  );
}
