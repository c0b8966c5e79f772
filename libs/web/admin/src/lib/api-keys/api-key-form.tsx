import { applyApiError, type FormFailure, FormFailureAlert, notifySaved } from '@caster/web/ui';
import {
  API_KEY_PERMISSIONS,
  type ApiKey,
  type ApiKeyPermission,
  type CreatedApiKey,
  type UpdateApiKeyRequest,
} from '@caster/contracts';
import { Button, Group, MultiSelect, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useCreateApiKey, useUpdateApiKey } from './api/api-keys';

export interface ApiKeyFormValues {
  name: string;
  permissions: ApiKeyPermission[];
  readOnly: boolean;
  enabled: boolean;
  /** `datetime-local` value (local time, no zone); empty: never expires. */
  expiresAt: string;
}

const FIELDS = ['name', 'permissions', 'readOnly', 'enabled', 'expiresAt'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp → `YYYY-MM-DDTHH:mm` in the reader's time zone, for a datetime-local input. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The datetime-local value back to an ISO timestamp; empty → null (never expires). */
export function fromLocalInput(value: string): string | null {
  if (value.trim() === '') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Only what changed. */
export function apiKeyChanges(key: ApiKey, values: ApiKeyFormValues): UpdateApiKeyRequest {
  const body: UpdateApiKeyRequest = {};
  if (values.name.trim() !== key.name) body.name = values.name.trim();
  if (!sameSet(values.permissions, key.permissions)) body.permissions = values.permissions;
  if (values.readOnly !== key.readOnly) body.readOnly = values.readOnly;
  if (values.enabled !== key.enabled) body.enabled = values.enabled;
  if (values.expiresAt !== toLocalInput(key.expiresAt)) body.expiresAt = fromLocalInput(values.expiresAt);
  return body;
}

const PERMISSION_OPTIONS = API_KEY_PERMISSIONS.map((p) => ({ value: p, label: p }));

/** Create (no `apiKey`) or edit; `onDone` gets the created key, whose secret is shown once. */
export function ApiKeyForm({
  apiKey,
  onDone,
  onCancel,
}: {
  apiKey?: ApiKey;
  onDone: (created?: CreatedApiKey) => void;
  onCancel: () => void;
}) {
  const create = useCreateApiKey();
  const update = useUpdateApiKey();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const editing = apiKey !== undefined;

  const form = useForm<ApiKeyFormValues>({
    initialValues: {
      name: apiKey?.name ?? '',
      permissions: apiKey?.permissions ?? [],
      readOnly: apiKey?.readOnly ?? false,
      enabled: apiKey?.enabled ?? true,
      expiresAt: toLocalInput(apiKey?.expiresAt ?? null),
    },
    validate: {
      name: (value) => (value.trim() === '' ? 'Enter a name.' : null),
      expiresAt: (value) =>
        value.trim() !== '' && fromLocalInput(value) === null ? 'Enter a valid date and time.' : null,
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      if (apiKey) {
        const changes = apiKeyChanges(apiKey, values);
        if (Object.keys(changes).length > 0) await update.mutateAsync({ id: apiKey.id, body: changes });
        notifySaved(`API key ${values.name.trim()} saved.`);
        onDone();
      } else {
        const created = await create.mutateAsync({
          name: values.name.trim(),
          permissions: values.permissions,
          readOnly: values.readOnly,
          expiresAt: fromLocalInput(values.expiresAt),
        });
        onDone(created);
      }
    } catch (error) {
      setFailure(applyApiError(form, error, { targets: FIELDS }));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={editing ? `Edit API key ${apiKey.name}` : 'New API key'}>
      <Stack gap="md">
        <FormFailureAlert failure={failure} />
        <TextInput
          label="Name"
          description="What the key is for, e.g. the integration that uses it."
          required
          autoComplete="off"
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label="Permissions"
          description="global_admin implies every other one. Acting for a user needs both user and users_auth_session."
          placeholder={form.values.permissions.length === 0 ? 'No permissions' : undefined}
          data={PERMISSION_OPTIONS}
          searchable
          clearable
          value={form.values.permissions}
          onChange={(value) =>
            form.setFieldValue(
              'permissions',
              API_KEY_PERMISSIONS.filter((p) => value.includes(p)),
            )
          }
          error={form.errors['permissions']}
        />
        <Group gap="xl">
          <Switch
            label="Read-only"
            description="May only call the get_* endpoints."
            {...form.getInputProps('readOnly', { type: 'checkbox' })}
          />
          {editing ? (
            <Switch
              label="Enabled"
              description="A disabled key is refused."
              {...form.getInputProps('enabled', { type: 'checkbox' })}
            />
          ) : null}
        </Group>
        <TextInput
          type="datetime-local"
          label="Expires"
          description="Leave empty for a key that never expires."
          {...form.getInputProps('expiresAt')}
        />
        <Group justify="flex-end" gap="sm" mt="md">
          <Button variant="default" onClick={onCancel} disabled={create.isPending || update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? 'Save changes' : 'Create key'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
