import { applyApiError, FormActions, type FormFailure, FormFailureAlert, notifySaved } from '@caster/web/ui';
import {
  type CreateGroupRequest,
  DEFAULT_GROUP_PRIORITY,
  GROUP_SETTING_KEYS,
  type Group,
  type GroupSettingKey,
  MAX_GROUP_PRIORITY,
  MAX_PAGE_SIZE,
  type UpdateGroupRequest,
} from '@caster/contracts';
import { Alert, Divider, NumberInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { UserSelect, UsersMultiSelect, WorkspacesMultiSelect } from '../shared/pickers';
import { useEffectiveSettings } from '../users/api/get-effective-settings';
import { useCreateGroup } from './api/create-group';
import { useGroups } from './api/get-groups';
import { useUpdateGroup } from './api/update-group';
import { draftFromSettings, type GroupSettingsDraft, settingsFromDraft } from './group-settings-draft';
import { type EffectiveColumn, GroupSettingsEditor } from './group-settings-editor';
import { SYSTEM_GROUP_REASON } from './groups-page';

export interface GroupFormValues {
  name: string;
  description: string;
  priority: number | '';
  userIds: string[];
  workspaceIds: string[];
  settings: GroupSettingsDraft;
}

const TARGETS = [
  'name',
  'description',
  'priority',
  'userIds',
  'workspaceIds',
  // An unknown key lands on the editor as a whole.
  'settings',
  ...GROUP_SETTING_KEYS.map((key) => `settings.${key}`),
];

function initialValues(group?: Group): GroupFormValues {
  return {
    name: group?.name ?? '',
    description: group?.description ?? '',
    priority: group?.priority ?? DEFAULT_GROUP_PRIORITY,
    userIds: group?.userIds ?? [],
    workspaceIds: group?.workspaceIds ?? [],
    settings: draftFromSettings(group?.settings),
  };
}

/** The effective values of one chosen user, next to the editor. */
function useEffectiveColumn(group: Group | undefined): {
  picker: ReactNode;
  column: EffectiveColumn | null;
} {
  const [chosen, setChosen] = useState<{ id: string; username: string } | null>(null);
  const effective = useEffectiveSettings(chosen?.id ?? null);
  const groups = useGroups({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc' });
  const names = new Map((groups.data?.items ?? []).map((g) => [g.id, g.name]));
  const picker = (
    <UserSelect
      label="Show effective values for"
      description="Pick a user to see what they get from all their groups, as last saved."
      value={chosen?.id ?? null}
      onChange={(id, username) => setChosen(id && username ? { id, username } : null)}
    />
  );
  const column: EffectiveColumn | null = chosen
    ? {
        username: chosen.username,
        data: effective.data,
        isPending: effective.isPending,
        error: effective.error,
        groupName: (id) => (id === group?.id ? 'this group' : `group ${names.get(id) ?? id.slice(0, 8)}`),
      }
    : null;
  return { picker, column };
}

export function GroupForm({ group }: { group?: Group }) {
  const navigate = useNavigate();
  const create = useCreateGroup();
  const update = useUpdateGroup(group?.id ?? '');
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const system = group?.system ?? false;
  const effective = useEffectiveColumn(group);

  const form = useForm<GroupFormValues>({
    initialValues: initialValues(group),
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (values.name.trim() === '') errors['name'] = 'Enter a name.';
      else if (values.name !== values.name.trim()) errors['name'] = 'Remove the spaces at the start or end.';
      if (values.priority === '') errors['priority'] = 'Enter a priority.';
      for (const [key, message] of Object.entries(settingsFromDraft(values.settings).errors)) {
        errors[`settings.${key}`] = message;
      }
      return errors;
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const { settings } = settingsFromDraft(values.settings);
    const priority = values.priority === '' ? DEFAULT_GROUP_PRIORITY : values.priority;
    try {
      if (group) {
        const body: UpdateGroupRequest = {
          description: values.description,
          priority,
          settings,
          workspaceIds: values.workspaceIds,
        };
        // "All Users" keeps its name and has no members to choose.
        if (!system) {
          if (values.name !== group.name) body.name = values.name;
          body.userIds = values.userIds;
        }
        await update.mutateAsync(body);
        notifySaved(`Group ${values.name} saved.`);
      } else {
        const body: CreateGroupRequest = {
          name: values.name,
          description: values.description,
          priority,
          settings,
          workspaceIds: values.workspaceIds,
          userIds: values.userIds,
        };
        await create.mutateAsync(body);
        notifySaved(`Group ${values.name} created.`);
      }
      await navigate('/admin/groups');
    } catch (error) {
      setFailure(applyApiError(form, error, { targets: TARGETS, codeFields: { NAME_TAKEN: 'name' } }));
    }
  });

  const settingErrors: Partial<Record<GroupSettingKey, ReactNode>> = {};
  for (const key of GROUP_SETTING_KEYS) {
    const error = form.errors[`settings.${key}`];
    if (error) settingErrors[key] = error;
  }

  return (
    <form onSubmit={submit} noValidate aria-label={group ? `Edit group ${group.name}` : 'New group'}>
      <Stack gap="md">
        <FormFailureAlert failure={failure} />
        {system ? (
          <Alert color="blue" title="Built-in group">
            {SYSTEM_GROUP_REASON} Its priority, workspaces and settings can be changed; give it a high
            priority number so that other groups' settings win.
          </Alert>
        ) : null}
        <TextInput
          label="Name"
          required
          disabled={system}
          description={system ? 'The built-in group cannot be renamed.' : undefined}
          {...form.getInputProps('name')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('description')}
        />
        <NumberInput
          label="Priority"
          description="Lower number wins when two of a user's groups set the same setting (1 wins over 100)."
          min={1}
          max={MAX_GROUP_PRIORITY}
          allowDecimal={false}
          allowNegative={false}
          w={260}
          {...form.getInputProps('priority')}
        />
        <UsersMultiSelect
          label="Members"
          description={system ? 'Every user is a member of All Users.' : 'Users who belong to this group.'}
          disabled={system}
          value={form.values.userIds}
          onChange={(ids) => form.setFieldValue('userIds', ids)}
          error={form.errors['userIds']}
        />
        <WorkspacesMultiSelect
          label="Workspaces"
          description="Workspaces the members may launch from their dashboard."
          value={form.values.workspaceIds}
          onChange={(ids) => form.setFieldValue('workspaceIds', ids)}
          error={form.errors['workspaceIds']}
        />
        <Divider my="xs" />
        <Stack gap={4}>
          <Title order={2} fz="h4">
            Settings
          </Title>
          <Text size="sm" c="dimmed">
            Set only what this group should decide. Each user gets, per setting, the value of their
            lowest-priority-number group that sets it, else the default.
          </Text>
        </Stack>
        {form.errors['settings'] ? (
          <Text size="sm" c="red" role="alert">
            {form.errors['settings']}
          </Text>
        ) : null}
        {effective.picker}
        <GroupSettingsEditor
          value={form.values.settings}
          onChange={(key, next) => form.setFieldValue(`settings.${key}`, next)}
          errors={settingErrors}
          effective={effective.column}
        />
        <FormActions
          submitLabel={group ? 'Save changes' : 'Create group'}
          submitting={create.isPending || update.isPending}
          cancelTo="/admin/groups"
        />
      </Stack>
    </form>
  );
}
