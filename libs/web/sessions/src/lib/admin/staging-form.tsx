import { type StagingConfigView, type Workspace } from '@caster/contracts';
import { errorMessage, isApiError } from '@caster/web/core';
import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useSaveStagingConfig, type StagingConfigInput } from '../api/save-staging-config';
import { CLIENT_SETTING_FIELDS, defaultClientSettings } from './client-settings-fields';

export interface StagingFormProps {
  /** Absent: a new pool. */
  existing?: StagingConfigView;
  workspaces: Workspace[];
  onSaved: () => void;
  onCancel: () => void;
}

export function StagingForm({ existing, workspaces, onSaved, onCancel }: StagingFormProps) {
  const save = useSaveStagingConfig();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StagingConfigInput>({
    initialValues: existing
      ? {
          workspaceId: existing.workspaceId,
          desiredSessions: existing.desiredSessions,
          expirationHours: existing.expirationHours,
          clientSettings: { ...existing.clientSettings },
        }
      : { workspaceId: '', desiredSessions: 1, expirationHours: 24, clientSettings: defaultClientSettings() },
    validate: {
      workspaceId: (value) => (value ? null : 'Choose a workspace'),
      desiredSessions: (value) =>
        Number.isInteger(value) && value >= 0 && value <= 100 ? null : 'A whole number from 0 to 100',
      expirationHours: (value) =>
        typeof value === 'number' && value >= 0.01 && value <= 720 ? null : 'From 0.01 to 720 hours',
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      { input: values, id: existing?.id },
      {
        onSuccess: onSaved,
        onError: (error) => {
          const fields = isApiError(error) ? error.details.fields : undefined;
          if (error.code === 'VALIDATION_FAILED' && fields && Object.keys(fields).length > 0) {
            // The API names fields by path (`clientSettings.allowAudio`), as the form does.
            form.setErrors(fields);
          } else {
            setFormError(errorMessage(error.code));
          }
        },
      },
    );
  });

  const options = workspaces.map((w) => ({
    value: w.id,
    label: w.enabled ? w.name : `${w.name} (disabled)`,
  }));
  // Editing a pool whose workspace is no longer listed (deleted, or changed type): keep it visible.
  if (existing && !options.some((o) => o.value === existing.workspaceId)) {
    options.unshift({ value: existing.workspaceId, label: 'Unknown workspace' });
  }
  const clientSettingsError = form.errors['clientSettings'];

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit staging pool' : 'New staging pool'}>
      <Stack gap="md">
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <Select
          label="Workspace"
          description="Only container workspaces can be kept warm."
          placeholder={options.length ? 'Choose a workspace' : 'No container workspaces yet'}
          data={options}
          searchable
          required
          {...form.getInputProps('workspaceId')}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Warm sessions"
            description="How many to keep ready."
            min={0}
            max={100}
            allowDecimal={false}
            required
            {...form.getInputProps('desiredSessions')}
          />
          <NumberInput
            label="Replace after (hours)"
            description="A warm session older than this is replaced."
            min={0.01}
            max={720}
            decimalScale={2}
            step={1}
            required
            {...form.getInputProps('expirationHours')}
          />
        </Group>
        <Fieldset legend="Client settings">
          <Text size="xs" c="dimmed" mb="sm">
            A warm session is handed only to a launch whose effective client settings are exactly these.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {CLIENT_SETTING_FIELDS.map((field) => (
              <Switch
                key={field.key}
                label={field.label}
                description={field.description}
                {...form.getInputProps(`clientSettings.${field.key}`, { type: 'checkbox' })}
              />
            ))}
          </SimpleGrid>
          {typeof clientSettingsError === 'string' ? (
            <Text size="xs" c="red" mt="xs" role="alert">
              {clientSettingsError}
            </Text>
          ) : null}
        </Fieldset>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {existing ? 'Save' : 'Create pool'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
