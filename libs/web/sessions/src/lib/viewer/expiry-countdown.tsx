import { errorMessage, type ApiError } from '@caster/web/core';
import { Alert, Button, Group, Text } from '@mantine/core';
import { formatCountdown } from '../format';
import { expiryWarning } from './expiry';

export interface ExpiryCountdownProps {
  expiresAt: string | null;
  hardExpiresAt: string | null;
  now: number;
  onExtend: () => void;
  extending?: boolean;
  error?: ApiError | null;
}

/** Appears in the session's last five minutes; "Extend" sends a keepalive when that can help. */
export function ExpiryCountdown({
  expiresAt,
  hardExpiresAt,
  now,
  onExtend,
  extending = false,
  error = null,
}: ExpiryCountdownProps) {
  const warning = expiryWarning(expiresAt, hardExpiresAt, now);
  if (!warning) return null;
  return (
    <Alert
      color="orange"
      variant="filled"
      radius="md"
      data-testid="expiry-countdown"
      title="Your session is about to end"
      styles={{ root: { boxShadow: 'var(--mantine-shadow-md)' } }}
    >
      <Group justify="space-between" gap="md" wrap="nowrap">
        <Text size="sm" c="inherit">
          {warning.remainingMs > 0 ? (
            <>
              It ends in{' '}
              <strong data-testid="expiry-remaining">{formatCountdown(warning.remainingMs)}</strong>
              {warning.extendable ? '.' : ', when it reaches its time limit. It cannot be extended.'}
            </>
          ) : (
            'It is ending now.'
          )}
        </Text>
        {warning.extendable && warning.remainingMs > 0 ? (
          <Button variant="white" color="orange" size="xs" onClick={onExtend} loading={extending}>
            Extend
          </Button>
        ) : null}
      </Group>
      {error ? (
        <Text size="xs" c="inherit" mt={6} role="alert">
          {errorMessage(error.code)}
        </Text>
      ) : null}
    </Alert>
  );
}
