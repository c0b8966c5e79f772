import { type AdminUser } from '@caster/contracts';
import { isApiError, useMe } from '@caster/web/core';
import { ConfirmModal, notifySaved } from '@caster/web/ui';
import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useDeleteUser } from './api/delete-user';

/**
 * Asks before deleting. A user with running sessions is refused (USER_HAS_SESSIONS); the second
 * question then offers to stop those sessions and delete (`?force=true`).
 */
export function DeleteUserButton({ user, onDeleted }: { user: AdminUser; onDeleted?: () => void }) {
  const { data: me } = useMe();
  const remove = useDeleteUser();
  const [step, setStep] = useState<'confirm' | 'force' | null>(null);
  const self = me?.id === user.id;

  const done = () => {
    notifySaved(`User ${user.username} deleted.`);
    onDeleted?.();
  };

  return (
    <>
      <Button
        variant="subtle"
        color="red"
        size="xs"
        aria-label={`Delete ${user.username}`}
        onClick={() => setStep('confirm')}
      >
        Delete
      </Button>
      <ConfirmModal
        opened={step === 'confirm'}
        // The first question hands over to the second when the user has sessions.
        onClose={() => setStep((current) => (current === 'confirm' ? null : current))}
        title={`Delete ${user.username}?`}
        message={
          <Stack gap="xs">
            <Text size="sm">
              {user.username} will no longer be able to sign in, and their group memberships are removed. This
              cannot be undone.
            </Text>
            {self ? (
              <Text size="sm" fw={600}>
                This is your own account: you will be signed out.
              </Text>
            ) : null}
          </Stack>
        }
        confirmLabel="Delete user"
        danger
        onConfirm={async () => {
          try {
            await remove.mutateAsync({ id: user.id });
          } catch (error) {
            if (isApiError(error) && error.code === 'USER_HAS_SESSIONS') {
              setStep('force');
              return;
            }
            throw error;
          }
          done();
        }}
      />
      <ConfirmModal
        opened={step === 'force'}
        onClose={() => setStep(null)}
        title={`${user.username} has sessions running`}
        message={`Deleting ${user.username} now stops their running sessions first, at once, even if someone is using them.`}
        confirmLabel="Stop sessions and delete"
        danger
        onConfirm={async () => {
          await remove.mutateAsync({ id: user.id, force: true });
          done();
        }}
      />
    </>
  );
}
