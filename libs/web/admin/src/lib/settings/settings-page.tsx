import {
  CAPTCHA_PROVIDER_DEFAULTS,
  CAPTCHA_PROVIDERS,
  type CaptchaProvider,
  type ServerSettings,
  type UpdateServerSettingsRequest,
} from '@caster/contracts';
import {
  applyApiError,
  describeLinesOf,
  ErrorState,
  type FieldErrorTarget,
  formatDuration,
  type FormFailure,
  FormFailureAlert,
  LoadingState,
  notifySaved,
  PageHeader,
} from '@caster/web/ui';
import {
  Badge,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useServerSettings } from './api/get-settings';
import { useUpdateServerSettings } from './api/update-settings';

export interface SettingsFormValues {
  captchaProvider: CaptchaProvider | '';
  captchaSiteKey: string;
  /** Write-only: never filled from the API; empty keeps the stored one. */
  captchaSecretKey: string;
  clearCaptchaSecretKey: boolean;
  captchaVerifyUrl: string;
  captchaScriptUrl: string;
  /** One address or CIDR range per line. */
  trustedProxies: string;
  anonymousUserExpirationHours: number | '';
  sessionDefaults: {
    launchTimeoutSeconds: number | '';
    stoppedSessionRetentionHours: number | '';
  };
}

const PROVIDER_LABELS: Record<CaptchaProvider, string> = {
  recaptcha: 'Google reCAPTCHA',
  turnstile: 'Cloudflare Turnstile',
  hcaptcha: 'hCaptcha',
};

export function settingsFormValues(settings: ServerSettings): SettingsFormValues {
  return {
    captchaProvider: settings.captchaProvider ?? '',
    captchaSiteKey: settings.captchaSiteKey ?? '',
    captchaSecretKey: '',
    clearCaptchaSecretKey: false,
    captchaVerifyUrl: settings.captchaVerifyUrl ?? '',
    captchaScriptUrl: settings.captchaScriptUrl ?? '',
    trustedProxies: settings.trustedProxies.join('\n'),
    anonymousUserExpirationHours: settings.anonymousUserExpirationHours,
    sessionDefaults: { ...settings.sessionDefaults },
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Every field is sent (PUT changes only what it carries) except an untouched secret. */
export function settingsRequest(values: SettingsFormValues): UpdateServerSettingsRequest {
  const body: UpdateServerSettingsRequest = {
    captchaProvider: values.captchaProvider === '' ? null : values.captchaProvider,
    captchaSiteKey: orNull(values.captchaSiteKey),
    captchaVerifyUrl: orNull(values.captchaVerifyUrl),
    captchaScriptUrl: orNull(values.captchaScriptUrl),
    trustedProxies: values.trustedProxies
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  };
  if (values.captchaSecretKey !== '') body.captchaSecretKey = values.captchaSecretKey;
  else if (values.clearCaptchaSecretKey) body.captchaSecretKey = null;
  if (values.anonymousUserExpirationHours !== '') {
    body.anonymousUserExpirationHours = values.anonymousUserExpirationHours;
  }
  const { launchTimeoutSeconds, stoppedSessionRetentionHours } = values.sessionDefaults;
  body.sessionDefaults = {
    ...(launchTimeoutSeconds !== '' ? { launchTimeoutSeconds } : {}),
    ...(stoppedSessionRetentionHours !== '' ? { stoppedSessionRetentionHours } : {}),
  };
  return body;
}

function targets(values: SettingsFormValues): (string | FieldErrorTarget)[] {
  return [
    'captchaProvider',
    'captchaSiteKey',
    'captchaSecretKey',
    'captchaVerifyUrl',
    'captchaScriptUrl',
    { field: 'trustedProxies', describeRest: describeLinesOf(values.trustedProxies) },
    'anonymousUserExpirationHours',
    'sessionDefaults.launchTimeoutSeconds',
    'sessionDefaults.stoppedSessionRetentionHours',
  ];
}

export function SettingsForm({ settings }: { settings: ServerSettings }) {
  const update = useUpdateServerSettings();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [secretSet, setSecretSet] = useState(settings.captchaSecretKeySet);
  const form = useForm<SettingsFormValues>({
    initialValues: settingsFormValues(settings),
    validate: {
      anonymousUserExpirationHours: (value) => (value === '' ? 'Enter a number of hours.' : null),
    },
  });
  const provider = form.values.captchaProvider;
  const defaults = provider === '' ? null : CAPTCHA_PROVIDER_DEFAULTS[provider];
  const hours = form.values.anonymousUserExpirationHours;

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const saved = await update.mutateAsync(settingsRequest(values));
      const next = settingsFormValues(saved);
      form.setInitialValues(next);
      form.setValues(next);
      setSecretSet(saved.captchaSecretKeySet);
      notifySaved('Server settings saved.');
    } catch (error) {
      setFailure(applyApiError(form, error, { targets: targets(values) }));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Server settings">
      <Stack gap="lg">
        <FormFailureAlert failure={failure} />
        <Fieldset legend="CAPTCHA for casting links">
          <Stack gap="md">
            <NativeSelect
              label="CAPTCHA provider"
              description="Casting links that require a CAPTCHA use this provider. None turns CAPTCHA off."
              data={[
                { value: '', label: 'None' },
                ...CAPTCHA_PROVIDERS.map((p) => ({ value: p, label: PROVIDER_LABELS[p] })),
              ]}
              w={320}
              {...form.getInputProps('captchaProvider')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Site key"
                description="The public key the widget is shown with."
                autoComplete="off"
                {...form.getInputProps('captchaSiteKey')}
              />
              <PasswordInput
                label="Secret key"
                autoComplete="new-password"
                description={
                  secretSet
                    ? 'A secret key is set. Leave empty to keep it; type a new one to replace it.'
                    : 'No secret key is set. It is write-only: never shown again once saved.'
                }
                disabled={form.values.clearCaptchaSecretKey}
                {...form.getInputProps('captchaSecretKey')}
              />
            </SimpleGrid>
            <Group gap="xs">
              <Badge color={secretSet ? 'green' : 'gray'} variant="light" data-testid="captcha-secret-state">
                {secretSet ? 'Secret key set' : 'No secret key'}
              </Badge>
              {secretSet ? (
                <Checkbox
                  label="Remove the stored secret key"
                  {...form.getInputProps('clearCaptchaSecretKey', { type: 'checkbox' })}
                />
              ) : null}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Verify URL"
                description="Where answers are checked. Empty: the provider’s own."
                placeholder={defaults?.verifyUrl}
                {...form.getInputProps('captchaVerifyUrl')}
              />
              <TextInput
                label="Script URL"
                description="Where the widget is loaded from. Empty: the provider’s own."
                placeholder={defaults?.scriptUrl}
                {...form.getInputProps('captchaScriptUrl')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend="Network">
          <Textarea
            label="Trusted proxies"
            description="One IP address or CIDR range per line, e.g. 10.0.0.0/8. Only these may tell Caster the visitor’s address (X-Forwarded-For), which IP limits rely on. Applies at once."
            autosize
            minRows={3}
            maxRows={12}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('trustedProxies')}
          />
        </Fieldset>
        <Fieldset legend="Anonymous users">
          <NumberInput
            label="Anonymous user expiration (hours)"
            description={`Accounts that casting links make for visitors are removed this long after creation, once they have no running session.${
              typeof hours === 'number' && hours > 0 ? ` ${formatDuration(hours * 3600)}.` : ''
            }`}
            min={1}
            max={8760}
            allowDecimal={false}
            allowNegative={false}
            w={320}
            {...form.getInputProps('anonymousUserExpirationHours')}
          />
        </Fieldset>
        <Fieldset legend="Session defaults">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label="Launch timeout (seconds)"
              description="How long a session may take to start before it is marked failed."
              min={10}
              max={3600}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('sessionDefaults.launchTimeoutSeconds')}
            />
            <NumberInput
              label="Keep stopped sessions (hours)"
              description="How long stopped and failed sessions stay listed before they are purged."
              min={0}
              max={8760}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('sessionDefaults.stoppedSessionRetentionHours')}
            />
          </SimpleGrid>
        </Fieldset>
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            disabled={update.isPending || !form.isDirty()}
            onClick={() => {
              form.reset();
              setFailure(null);
            }}
          >
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SettingsPage() {
  const settings = useServerSettings();
  return (
    <section data-testid="admin-page-settings">
      <PageHeader
        title="Settings"
        description="Server-wide options: CAPTCHA provider, trusted proxies, how long anonymous users are kept, session defaults."
      />
      {settings.data ? (
        <Paper withBorder p="lg" radius="md" maw={880}>
          <SettingsForm settings={settings.data} />
        </Paper>
      ) : settings.isPending ? (
        <LoadingState label="Loading the settings…" />
      ) : settings.error ? (
        <ErrorState
          error={settings.error}
          title="The settings could not be loaded"
          onRetry={() => void settings.refetch()}
        />
      ) : null}
    </section>
  );
}
