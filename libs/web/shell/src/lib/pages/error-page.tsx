import {
  castRetryPath,
  errorGuidance,
  errorMessage,
  GENERIC_ERROR_MESSAGE,
  useMe,
  usePageTitle,
} from '@caster/web/core';
import { EmptyState, IconAlert } from '@caster/web/ui';
import { isErrorCode } from '@caster/contracts';
import { Button, Group, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { CenteredLayout } from '../layout/centered-layout';

const MAX_RETRY_AFTER = 24 * 60 * 60;

/** The query string is whatever the link says: accept only a positive whole number of seconds. */
export function parseRetryAfterParam(value: string | null): number | undefined {
  if (!value || !/^\d{1,6}$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER) : undefined;
}

/**
 * `#/error?code=CODE&retryAfter=N&retry=/cast/<key>?…`: where a failed cast (without its own Error
 * URL) lands. Each code has its heading and next step; "Try again" goes back to the casting link
 * when retrying can help. A visitor is not signed in to anything here, so the page offers no way
 * into the dashboard; only a signed-in user gets a link home.
 */
export function ErrorPage() {
  const [params] = useSearchParams();
  const code = params.get('code');
  const known = isErrorCode(code);
  const guidance = errorGuidance(code);
  const message = known
    ? errorMessage(code, { retryAfterSeconds: parseRetryAfterParam(params.get('retryAfter')) })
    : GENERIC_ERROR_MESSAGE;
  const retry = guidance.retry ? castRetryPath(params.get('retry')) : null;
  const { data: me } = useMe();
  const signedIn = Boolean(me && !me.anonymous);
  usePageTitle(guidance.heading);

  return (
    <CenteredLayout width={520} brandLink={signedIn}>
      <EmptyState
        data-testid="error-page"
        icon={<IconAlert />}
        title={guidance.heading}
        text={
          <Stack gap="xs" component="span">
            <Text component="span" data-testid="error-message">
              {message}
            </Text>
            <Text component="span" size="sm" data-testid="error-next">
              {guidance.next}
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
          retry || signedIn ? (
            <Group justify="center" gap="sm">
              {retry ? (
                <Button component={Link} to={retry} replace data-testid="error-retry">
                  Try again
                </Button>
              ) : null}
              {signedIn ? (
                <Button component={Link} to="/" variant="light">
                  Go to the home page
                </Button>
              ) : null}
            </Group>
          ) : undefined
        }
      />
    </CenteredLayout>
  );
}
