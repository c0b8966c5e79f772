import { CLIENT_SETTING_KEYS, type CastConfig } from '@caster/contracts';
import { ApiError, errorMessage } from '@caster/web/core';
import { choicesError, FormFailureAlert, type FormFailure, withChosen } from '@caster/web/ui';
import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCreateCastConfig } from './api/create-cast-config';
import { useUpdateCastConfig } from './api/update-cast-config';
import { useGroupChoices } from './api/get-group-choices';
import { captchaKeysSet, useServerSettings } from './api/get-server-settings';
import { useWorkspaceChoices } from './api/get-workspace-choices';
import {
  castingInitialValues,
  castingRequest,
  type CastingFormValues,
  localInputToIso,
  mapServerErrors,
  REMOTE_APP_EXAMPLE,
  validateCastingForm,
} from './casting-form-values';
import { castUrl } from './cast-url';
import { useNow } from './use-now';
import { firstInFormOrder, validUntilWarning } from './casting-field-labels';
import { RemoteAppDryRun } from './remote-app-dry-run';
import { CLIENT_SETTING_HELP, FIELD_HELP } from './field-help';

type Form = UseFormReturnType<CastingFormValues>;

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

function Section({ legend, testId, children }: { legend: string; testId: string; children: ReactNode }) {
  return (
    <Fieldset legend={legend} data-testid={testId} radius="md">
      <Stack gap="md">{children}</Stack>
    </Fieldset>
  );
}

function Toggle({ form, field, label }: { form: Form; field: keyof CastingFormValues; label: string }) {
  return (
    <Switch
      label={label}
      description={FIELD_HELP[field as keyof typeof FIELD_HELP]}
      {...form.getInputProps(field, { type: 'checkbox' })}
    />
  );
}

function BasicsSection({ form, existingKey }: { form: Form; existingKey?: string }) {
  const workspaces = useWorkspaceChoices();
  const options = withChosen(
    (workspaces.data?.items ?? []).map((w) => ({
      value: w.id,
      label: w.enabled ? w.name : `${w.name} (disabled)`,
    })),
    form.values.workspaceId,
    workspaces.data !== undefined,
    (id) => `Workspace ${id.slice(0, 8)}`,
  );
  const key = form.values.key.trim();
  return (
    <Section legend="Basics" testId="casting-section-basics">
      <TextInput
        label="Configuration name"
        description={FIELD_HELP.name}
        required
        {...form.getInputProps('name')}
      />
      <TextInput
        label="URL key"
        description={
          <>
            {FIELD_HELP.key}{' '}
            {key !== '' || existingKey ? (
              <Text span size="xs" ff="monospace">
                {castUrl(key || existingKey || '')}
              </Text>
            ) : null}
          </>
        }
        placeholder={existingKey ? undefined : 'generated when empty'}
        styles={monospace}
        {...form.getInputProps('key')}
      />
      <Select
        label="Workspace"
        description={FIELD_HELP.workspaceId}
        placeholder={workspaces.isPending ? 'Loading workspaces…' : 'Choose a workspace'}
        required
        searchable
        data={options}
        nothingFoundMessage="No workspace has that name"
        {...form.getInputProps('workspaceId')}
        error={form.errors['workspaceId'] ?? choicesError(workspaces.error, 'the workspaces')}
      />
      <Toggle form={form} field="enabled" label="Enabled" />
    </Section>
  );
}

function AccessSection({ form }: { form: Form }) {
  const groups = useGroupChoices();
  const settings = useServerSettings();
  const anonymous = form.values.allowAnonymous;
  // "All Users" is where every anonymous account goes anyway.
  const groupOptions = withChosen(
    (groups.data?.items ?? []).filter((g) => !g.system).map((g) => ({ value: g.id, label: g.name })),
    form.values.anonymousGroupId,
    groups.data !== undefined,
    (id) => `Group ${id.slice(0, 8)}`,
  );
  const keysMissing = settings.data ? !captchaKeysSet(settings.data) : false;
  return (
    <Section legend="Access" testId="casting-section-access">
      <Toggle form={form} field="allowAnonymous" label="Allow anonymous" />
      {anonymous ? (
        <Stack gap="md" pl="lg" data-testid="casting-anonymous-options">
          <Toggle form={form} field="requireCaptcha" label="Require CAPTCHA" />
          {form.values.requireCaptcha && keysMissing ? (
            <Alert color="yellow" title="CAPTCHA keys are not set" data-testid="captcha-keys-warning">
              Visitors will be refused until Settings has a CAPTCHA provider with its site key and secret key.{' '}
              <Anchor component={Link} to="/admin/settings" size="sm">
                Open Settings
              </Anchor>
            </Alert>
          ) : null}
          <Select
            label="Anonymous user group"
            description={FIELD_HELP.anonymousGroupId}
            placeholder={groups.isPending ? 'Loading groups…' : 'Only All Users'}
            searchable
            clearable
            data={groupOptions}
            nothingFoundMessage="No group has that name"
            {...form.getInputProps('anonymousGroupId')}
          />
        </Stack>
      ) : null}
      <Toggle form={form} field="allowResume" label="Allow resume" />
      <Textarea
        label="Restrict to referrers"
        description={FIELD_HELP.allowedReferrers}
        placeholder={'acme.com\npartner.example'}
        autosize
        minRows={2}
        maxRows={10}
        styles={monospace}
        {...form.getInputProps('allowedReferrers')}
      />
    </Section>
  );
}

function LimitsSection({ form }: { form: Form }) {
  return (
    <Section legend="Limits" testId="casting-section-limits">
      <Toggle form={form} field="limitSessions" label="Limit total sessions" />
      {form.values.limitSessions ? (
        <NumberInput
          label="Sessions remaining"
          description={FIELD_HELP.sessionsRemaining}
          min={0}
          allowDecimal={false}
          allowNegative={false}
          w={{ base: '100%', sm: 320 }}
          pl="lg"
          {...form.getInputProps('sessionsRemaining')}
        />
      ) : null}
      <NumberInput
        label="Most sessions at once"
        description={FIELD_HELP.maxConcurrent}
        placeholder="No limit"
        min={1}
        allowDecimal={false}
        allowNegative={false}
        w={{ base: '100%', sm: 320 }}
        {...form.getInputProps('maxConcurrent')}
      />
      <Toggle form={form} field="limitIps" label="Limit requests per IP" />
      {form.values.limitIps ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} pl="lg" data-testid="casting-ip-limit">
          <NumberInput
            label="Sessions allowed"
            description={FIELD_HELP.ipRequestLimit}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('ipRequestLimit')}
          />
          <NumberInput
            label="Within seconds"
            description={FIELD_HELP.ipRequestSeconds}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('ipRequestSeconds')}
          />
        </SimpleGrid>
      ) : null}
    </Section>
  );
}

function ValiditySection({ form }: { form: Form }) {
  const now = useNow(15_000);
  const warning = validUntilWarning(localInputToIso(form.values.validUntil), now);
  return (
    <Section legend="Validity" testId="casting-section-validity">
      <Group align="flex-end" gap="sm">
        <TextInput
          type="datetime-local"
          label="Valid until"
          description={FIELD_HELP.validUntil}
          w={{ base: '100%', sm: 320 }}
          {...form.getInputProps('validUntil')}
        />
        {form.values.validUntil !== '' ? (
          <Button variant="subtle" size="xs" onClick={() => form.setFieldValue('validUntil', '')}>
            No end
          </Button>
        ) : null}
      </Group>
      {warning ? (
        <Alert
          color="yellow"
          variant="light"
          data-testid="casting-valid-until-past"
          title="Valid until is in the past"
        >
          <Text size="sm">{warning} Choose a later time, or “No end”, to keep it open.</Text>
        </Alert>
      ) : null}
    </Section>
  );
}

function SessionSection({ form }: { form: Form }) {
  return (
    <Section legend="Session" testId="casting-section-session">
      <TextInput
        label="Kasm URL"
        description={FIELD_HELP.kasmUrl}
        placeholder="https://example.com"
        {...form.getInputProps('kasmUrl')}
      />
      <Toggle form={form} field="dynamicKasmUrl" label="Allow dynamic Kasm URL parameter" />
      <Toggle form={form} field="dynamicDockerNetwork" label="Allow dynamic Docker network parameter" />
      <TextInput
        label="Error URL"
        description={FIELD_HELP.errorUrl}
        placeholder="https://example.com/casting-error"
        {...form.getInputProps('errorUrl')}
      />
      <Toggle form={form} field="disableControlPanel" label="Disable control panel" />
      <Toggle form={form} field="disableTips" label="Disable tips" />
      <Toggle form={form} field="enableSharing" label="Enable sharing" />
      <Toggle form={form} field="disableFixedResolution" label="Disable shared fixed resolution" />
    </Section>
  );
}

function ClientSettingsSection({ form }: { form: Form }) {
  return (
    <Section legend="Client settings" testId="casting-section-client-settings">
      <Toggle form={form} field="enforceClientSettings" label="Enforce client settings" />
      {form.values.enforceClientSettings ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} pl="lg" data-testid="casting-client-settings">
          {CLIENT_SETTING_KEYS.map((key) => (
            <Switch
              key={key}
              label={CLIENT_SETTING_HELP[key].label}
              description={CLIENT_SETTING_HELP[key].description}
              {...form.getInputProps(`clientSettings.${key}`, { type: 'checkbox' })}
            />
          ))}
        </SimpleGrid>
      ) : null}
    </Section>
  );
}

function RemoteAppSection({ form }: { form: Form }) {
  return (
    <Section legend="Remote app" testId="casting-section-remote-app">
      <Textarea
        label="Remote App Configuration (JSON)"
        description={FIELD_HELP.remoteAppConfig}
        placeholder={'{\n  "remote_app_name": "||Microsoft Excel",\n  "args": []\n}'}
        autosize
        minRows={4}
        maxRows={20}
        styles={monospace}
        spellCheck={false}
        {...form.getInputProps('remoteAppConfig')}
      />
      {form.values.remoteAppConfig.trim() === '' ? (
        <Button
          variant="light"
          size="xs"
          w="fit-content"
          onClick={() => form.setFieldValue('remoteAppConfig', REMOTE_APP_EXAMPLE)}
        >
          Start from the documented Excel example
        </Button>
      ) : (
        <RemoteAppDryRun
          configText={form.values.remoteAppConfig}
          sampleHint={`${castUrl(form.values.key.trim() || 'excel')}?file=C%3A%5CData%5Cq1.xlsx`}
        />
      )}
    </Section>
  );
}

/** Errors the API ties to one field by their code rather than by `details.fields`. */
const CODE_FIELDS: Partial<Record<ApiError['code'], keyof CastingFormValues>> = {
  KEY_TAKEN: 'key',
  NAME_TAKEN: 'name',
};

/** Create or edit a casting link: every option of the specification, grouped. */
export function CastingForm({ config }: { config?: CastConfig }) {
  const navigate = useNavigate();
  const create = useCreateCastConfig();
  const update = useUpdateCastConfig(config?.id ?? '');
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const form = useForm<CastingFormValues>({
    initialValues: castingInitialValues(config),
    validate: validateCastingForm,
  });
  const saving = create.isPending || update.isPending;

  /** Brings the first field with a problem into view and puts the cursor in it. */
  const focusFirstProblem = (errors: Record<string, unknown>) => {
    const first = firstInFormOrder(Object.keys(errors).filter((k) => errors[k]));
    if (!first) return;
    // After React has drawn the errors (a hidden section's field may only now exist).
    requestAnimationFrame(() => {
      const node = form.getInputNode(first);
      node?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      node?.focus({ preventScroll: true });
    });
  };

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const body = castingRequest(values);
    try {
      const saved = config ? await update.mutateAsync(body) : await create.mutateAsync(body);
      notifications.show({ message: `Saved “${saved.name}”.`, color: 'green', autoClose: 4000 });
      void navigate(`/admin/casting/${saved.id}`);
    } catch (caught) {
      const error = ApiError.from(caught);
      const codeField = CODE_FIELDS[error.code];
      if (codeField) {
        form.setFieldError(codeField, errorMessage(error.code));
        setFailure({ error, unmatched: [] });
        focusFirstProblem({ [codeField]: true });
        return;
      }
      const fields = error.code === 'VALIDATION_FAILED' ? error.details.fields : undefined;
      const mapped = fields ? mapServerErrors(fields, values) : { errors: {}, unmatched: [] };
      form.setErrors(mapped.errors);
      setFailure({ error, unmatched: mapped.unmatched });
      focusFirstProblem(mapped.errors);
    }
  }, focusFirstProblem);

  return (
    <form onSubmit={submit} noValidate aria-label={config ? `Edit ${config.name}` : 'New casting link'}>
      <Stack gap="lg">
        <FormFailureAlert failure={failure} testId="casting-form-failure" />
        <BasicsSection form={form} existingKey={config?.key} />
        <AccessSection form={form} />
        <LimitsSection form={form} />
        <ValiditySection form={form} />
        <SessionSection form={form} />
        <ClientSettingsSection form={form} />
        <RemoteAppSection form={form} />
        <Group justify="flex-end" gap="sm">
          <Button
            component={Link}
            to={config ? `/admin/casting/${config.id}` : '/admin/casting'}
            variant="default"
            disabled={saving}
          >
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {config ? 'Save changes' : 'Create link'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
