import { PASSWORD_MIN_LENGTH } from '@caster/contracts';
import {
  ApiError,
  changePasswordProblems,
  type ChangePasswordValues,
  errorMessage,
  useChangePassword,
} from '@caster/web/core';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useRef, useState } from 'react';

const EMPTY: ChangePasswordValues = { currentPassword: '', newPassword: '', confirmPassword: '' };
const ORDER: (keyof ChangePasswordValues)[] = ['currentPassword', 'newPassword', 'confirmPassword'];

/**
 * The signed-in user's own password. Checked here with the server's rules first (words, not field
 * names); the server's answer goes on the field it concerns. Other sign-ins are revoked by the API.
 */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<keyof ChangePasswordValues, string>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const refs = useRef<Partial<Record<keyof ChangePasswordValues, HTMLInputElement | null>>>({});
  const change = useChangePassword();

  const close = () => {
    setValues(EMPTY);
    setProblems({});
    setFailure(null);
    change.reset();
    onClose();
  };
  const focusFirst = (found: Partial<Record<keyof ChangePasswordValues, string>>) => {
    const first = ORDER.find((f) => found[f]);
    if (first) refs.current[first]?.focus();
  };
  const set = (field: keyof ChangePasswordValues) => (e: { currentTarget: HTMLInputElement }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = changePasswordProblems(values);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      focusFirst(found);
      return;
    }
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Password changed',
            message: 'Your other sign-ins were signed out; this one stays.',
          });
          close();
        },
        onError: (caught) => {
          const error = ApiError.from(caught);
          if (error.code === 'CURRENT_PASSWORD_INCORRECT') {
            const p = { currentPassword: 'This is not your current password.' };
            setProblems(p);
            focusFirst(p);
          } else setFailure(error);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Change your password" centered>
      <form onSubmit={submit} noValidate data-testid="change-password-form">
        <Stack gap="sm">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={problems.currentPassword}
            ref={(el) => {
              refs.current.currentPassword = el;
            }}
            data-autofocus
          />
          <PasswordInput
            label="New password"
            description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
            autoComplete="new-password"
            value={values.newPassword}
            onChange={set('newPassword')}
            error={problems.newPassword}
            ref={(el) => {
              refs.current.newPassword = el;
            }}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            value={values.confirmPassword}
            onChange={set('confirmPassword')}
            error={problems.confirmPassword}
            ref={(el) => {
              refs.current.confirmPassword = el;
            }}
          />
          {failure ? (
            <Alert color="red" role="alert" title="Not changed">
              <Text size="sm">
                {errorMessage(failure.code, { retryAfterSeconds: failure.retryAfterSeconds })}
              </Text>
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">
            Changing it signs you out everywhere else.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
