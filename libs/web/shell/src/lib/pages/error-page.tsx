import { errorMessage, GENERIC_ERROR_MESSAGE } from '@caster/web/core';
import { EmptyState, IconAlert } from '@caster/web/ui';
import { isErrorCode } from '@caster/contracts';
import { Button, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';

const MAX_RETRY_AFTER = 24 * 60 * 60;

/** The query string is whatever the link says: accept only a positive whole number of seconds. */
export function parseRetryAfterParam(value: string | null): number | undefined {
  if (!value || !/^\d{1,6}$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER) : undefined;
}

/** `#/error?code=CODE&retryAfter=N`: where a failed cast (without its own Error URL) lands. */
export function ErrorPage() {
  const [params] = useSearchParams();
  const code = params.get('code');
  const known = isErrorCode(code);
  const message = known
    ? errorMessage(code, { retryAfterSeconds: parseRetryAfterParam(params.get('retryAfter')) })
    : GENERIC_ERROR_MESSAGE;

  return (
    <CenteredLayout width={520}>
      <EmptyState
        data-testid="error-page"
        icon={<IconAlert />}
        title="Something went wrong"
        text={
          <Stack gap="xs" component="span">
            <Text component="span" data-testid="error-message">
              {message}
            </Text>
            {known ? (
              // Visitors quote this to whoever shared the link; it is what the admin's logs show.
              <Text component="span" size="xs" c="dimmed">
                Error code: {code}
              </Text>
            ) : null}
          </Stack>
        }
        action={
          <Button component={Link} to="/" variant="light">
            Go to the home page
          </Button>
        }
      />
    </CenteredLayout>
  );
}
