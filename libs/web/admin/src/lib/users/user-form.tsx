import { applyApiError, FormActions, type FormFailure, FormFailureAlert, notifySaved } from '@caster/web/ui';
import {
  type AdminUser,
  type CreateUserRequest,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type Role,
  type UpdateUserRequest,
  USERNAME_PATTERN,
} from '@caster/contracts';
import { Alert, Group, NativeSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { GroupsMultiSelect } from '../shared/pickers';
import { useCreateUser } from './api/create-user';
import { useUpdateUser } from './api/update-user';

export interface UserFormValues {
  username: string;
  /** Write-only: never filled from the API; empty on edit keeps the current one. */
  password: string;
  role: Role;
  disabled: boolean;
  locked: boolean;
  groupIds: string[];
}

const FIELDS = ['username', 'password', 'role', 'disabled', 'locked', 'groupIds'] as const;

function initialValues(user?: AdminUser): UserFormValues {
  return {
    username: user?.username ?? '',
    password: '',
    role: user?.role ?? 'user',
    disabled: user?.disabled ?? false,
    locked: user?.locked ?? false,
    groupIds: user?.groupIds ?? [],
  };
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Only what changed, so an untouched password or flag is never sent. */
export function userChanges(user: AdminUser, values: UserFormValues): UpdateUserRequest {
  const body: UpdateUserRequest = {};
  if (values.username !== user.username) body.username = values.username;
  if (values.password !== '') body.password = values.password;
  if (values.role !== user.role) body.role = values.role;
  if (values.disabled !== user.disabled) body.disabled = values.disabled;
  if (values.locked !== user.locked) body.locked = values.locked;
  if (!sameIds(values.groupIds, user.groupIds)) body.groupIds = values.groupIds;
  return body;
}

export function UserForm({ user }: { user?: AdminUser }) {
  const navigate = useNavigate();
  const create = useCreateUser();
  const update = useUpdateUser(user?.id ?? '');
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const editing = user !== undefined;

  const form = useForm<UserFormValues>({
    initialValues: initialValues(user),
    validate: {
      username: (value) =>
        USERNAME_PATTERN.test(value) ? null : 'Use 1–64 letters, digits or . _ - @ (not "." or "..").',
      password: (value) => {
        if (value === '' && editing) return null;
        if (value === '') return 'Enter a password.';
        if (value.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
        if (value.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
        return null;
      },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      if (user) {
        const changes = userChanges(user, values);
        if (Object.keys(changes).length > 0) await update.mutateAsync(changes);
        notifySaved(`User ${values.username} saved.`);
      } else {
        const body: CreateUserRequest = {
          username: values.username,
          password: values.password,
          role: values.role,
          disabled: values.disabled,
          locked: values.locked,
          groupIds: values.groupIds,
        };
        await create.mutateAsync(body);
        notifySaved(`User ${values.username} created.`);
      }
      await navigate('/admin/users');
    } catch (error) {
      setFailure(applyApiError(form, error, { targets: FIELDS, codeFields: { USERNAME_TAKEN: 'username' } }));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={editing ? `Edit user ${user.username}` : 'New user'}>
      <Stack gap="md">
        <FormFailureAlert failure={failure} />
        {user?.anonymous ? (
          <Alert color="gray" title="Anonymous visitor account">
            A casting link made this account for a visitor. It is removed automatically once it has no running
            session and is older than the anonymous user expiration set in Settings.
          </Alert>
        ) : null}
        <TextInput
          label="Username"
          description="Letters, digits and . _ - @; not case-sensitive."
          required
          autoComplete="off"
          {...form.getInputProps('username')}
        />
        <PasswordInput
          label={editing ? 'New password' : 'Password'}
          description={
            editing
              ? 'Leave empty to keep the current password. A new password signs the user out everywhere.'
              : `At least ${PASSWORD_MIN_LENGTH} characters.`
          }
          required={!editing}
          autoComplete="new-password"
          {...form.getInputProps('password')}
        />
        <NativeSelect
          label="Role"
          description="Administrators can open this administration; users only their dashboard."
          data={[
            { value: 'user', label: 'User' },
            { value: 'admin', label: 'Administrator' },
          ]}
          {...form.getInputProps('role')}
        />
        <Group gap="xl">
          <Switch
            label="Disabled"
            description="A disabled user cannot sign in."
            {...form.getInputProps('disabled', { type: 'checkbox' })}
          />
          <Switch
            label="Locked"
            description="A locked user cannot sign in until unlocked."
            {...form.getInputProps('locked', { type: 'checkbox' })}
          />
        </Group>
        <GroupsMultiSelect
          label="Groups"
          description="Every user is also in All Users, which needs no choosing."
          excludeSystem
          value={form.values.groupIds}
          onChange={(ids) => form.setFieldValue('groupIds', ids)}
          error={form.errors['groupIds']}
        />
        <FormActions
          submitLabel={editing ? 'Save changes' : 'Create user'}
          submitting={create.isPending || update.isPending}
          cancelTo="/admin/users"
        />
      </Stack>
    </form>
  );
}
