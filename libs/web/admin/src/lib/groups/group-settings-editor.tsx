import {
  GROUP_SETTINGS,
  GROUP_SETTING_KEYS,
  type EffectiveSettings,
  type GroupSettingKey,
} from '@caster/contracts';
import { type ApiError, errorMessage } from '@caster/web/core';
import { Code, Group, Loader, NumberInput, Stack, Switch, Table, Text } from '@mantine/core';
import { type ReactNode } from 'react';
import {
  describeSettingValue,
  GROUP_SETTING_LABELS,
  type GroupSettingsDraft,
  type SettingDraft,
} from './group-settings-draft';

/** The third column: what one chosen user actually gets, and from which group. */
export interface EffectiveColumn {
  username: string;
  data?: EffectiveSettings;
  isPending: boolean;
  error: ApiError | null;
  /** Names a source group id; the group being edited reads as "this group". */
  groupName: (id: string) => string;
}

export interface GroupSettingsEditorProps {
  value: GroupSettingsDraft;
  onChange: (key: GroupSettingKey, next: SettingDraft) => void;
  errors?: Partial<Record<GroupSettingKey, ReactNode>>;
  effective?: EffectiveColumn | null;
  disabled?: boolean;
}

function defaultText(key: GroupSettingKey): string {
  return `Default: ${describeSettingValue(key, GROUP_SETTINGS[key].default)}`;
}

function SettingMeaning({ settingKey }: { settingKey: GroupSettingKey }) {
  const def = GROUP_SETTINGS[settingKey];
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Text fw={600} size="sm" id={`setting-${settingKey}-name`}>
          {GROUP_SETTING_LABELS[settingKey]}
        </Text>
        <Code>{settingKey}</Code>
      </Group>
      <Text size="sm">{def.description}</Text>
      <Text size="xs" c="dimmed">
        {def.type === 'integer' ? `In ${def.unit}, ${def.min}–${def.max}. ` : ''}
        {defaultText(settingKey)}.
      </Text>
    </Stack>
  );
}

function SettingValue({
  settingKey,
  draft,
  onChange,
  error,
  disabled,
}: {
  settingKey: GroupSettingKey;
  draft: SettingDraft;
  onChange: (next: SettingDraft) => void;
  error?: ReactNode;
  disabled?: boolean;
}) {
  const def = GROUP_SETTINGS[settingKey];
  const label = GROUP_SETTING_LABELS[settingKey];
  return (
    <Stack gap="xs">
      <Switch
        size="sm"
        label="Set in this group"
        aria-label={`Set ${label} in this group`}
        checked={draft.set}
        disabled={disabled}
        onChange={(event) => onChange({ ...draft, set: event.currentTarget.checked })}
      />
      {!draft.set ? (
        <Text size="xs" c="dimmed" data-testid={`setting-${settingKey}-inherited`}>
          Not set: lower-priority groups decide, else the default.
        </Text>
      ) : def.type === 'integer' ? (
        <NumberInput
          aria-label={label}
          size="sm"
          min={def.min}
          max={def.max}
          allowDecimal={false}
          allowNegative={false}
          suffix={def.unit === 'seconds' ? ' s' : undefined}
          value={draft.value === '' || typeof draft.value === 'number' ? draft.value : ''}
          disabled={disabled}
          onChange={(value) => onChange({ ...draft, value: typeof value === 'number' ? value : '' })}
          error={error}
          description={
            typeof draft.value === 'number' && !error
              ? describeSettingValue(settingKey, draft.value)
              : 'zeroMeans' in def
                ? `0 = ${def.zeroMeans}`
                : undefined
          }
          w={220}
        />
      ) : (
        <>
          <Switch
            aria-label={label}
            label={draft.value === true ? 'On' : 'Off'}
            checked={draft.value === true}
            disabled={disabled}
            onChange={(event) => onChange({ ...draft, value: event.currentTarget.checked })}
          />
          {error ? (
            <Text size="xs" c="red">
              {error}
            </Text>
          ) : null}
        </>
      )}
    </Stack>
  );
}

function EffectiveValue({
  settingKey,
  effective,
}: {
  settingKey: GroupSettingKey;
  effective: EffectiveColumn;
}) {
  if (effective.isPending) return <Loader size="xs" aria-label="Loading" />;
  if (!effective.data) return <Text size="sm">—</Text>;
  const value = effective.data.settings[settingKey];
  const source = effective.data.sources[settingKey];
  return (
    <Stack gap={2} data-testid={`effective-${settingKey}`}>
      <Text size="sm">{describeSettingValue(settingKey, value)}</Text>
      <Text size="xs" c="dimmed">
        {source === null ? 'the default' : `from ${effective.groupName(source)}`}
      </Text>
    </Stack>
  );
}

/**
 * Every group setting of the contracts catalogue with its meaning, unit and default; each is
 * either set by this group or left to lower-priority groups. With `effective`, a third column
 * shows what one user ends up with (from the saved settings).
 */
export function GroupSettingsEditor({
  value,
  onChange,
  errors = {},
  effective,
  disabled,
}: GroupSettingsEditorProps) {
  return (
    <Stack gap="xs">
      {effective?.error ? (
        <Text size="sm" c="red" role="alert">
          The effective settings of {effective.username} could not be loaded.{' '}
          {errorMessage(effective.error.code)}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Group settings" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Setting</Table.Th>
              <Table.Th w={260}>This group</Table.Th>
              {effective ? <Table.Th w={200}>Effective for {effective.username}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {GROUP_SETTING_KEYS.map((key) => (
              <Table.Tr key={key} data-testid={`setting-${key}`}>
                <Table.Td>
                  <SettingMeaning settingKey={key} />
                </Table.Td>
                <Table.Td>
                  <SettingValue
                    settingKey={key}
                    draft={value[key]}
                    onChange={(next) => onChange(key, next)}
                    error={errors[key]}
                    disabled={disabled}
                  />
                </Table.Td>
                {effective ? (
                  <Table.Td>
                    <EffectiveValue settingKey={key} effective={effective} />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
