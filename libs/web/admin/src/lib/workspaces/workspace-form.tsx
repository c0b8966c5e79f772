import {
  applyApiError,
  FormActions,
  formatDuration,
  type FormFailure,
  FormFailureAlert,
  notifySaved,
} from '@caster/web/ui';
import {
  DEFAULT_SERVER_PORTS,
  DOCKER_EXEC_STAGES,
  MAX_PAGE_SIZE,
  PLACEMENT_CONSTRAINT_EXAMPLES,
  SERVER_PROTOCOLS,
  type Workspace,
  WORKSPACE_TYPES,
  type WorkspaceType,
} from '@caster/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Divider,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useGroups } from '../groups/api/get-groups';
import { GroupsMultiSelect, WorkspacesMultiSelect } from '../shared/pickers';
import { useCreateWorkspace } from './api/create-workspace';
import { useUpdateWorkspace } from './api/update-workspace';
import { PoolMembers } from './pool-members';
import {
  envErrorRewrite,
  MAX_POOL_SESSIONS_PER_SERVER,
  validateWorkspace,
  WORKSPACE_TYPE_DESCRIPTIONS,
  WORKSPACE_TYPE_LABELS,
  type WorkspaceFormValues,
  workspaceErrorTargets,
  workspaceInitialValues,
  workspaceRequest,
} from './workspace-form-values';
import { ImageField } from './image-field';

type Form = UseFormReturnType<WorkspaceFormValues>;

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

function SessionTimeLimitInput({ form }: { form: Form }) {
  const value = form.values.sessionTimeLimitSec;
  return (
    <NumberInput
      label="Session time limit (seconds)"
      description={
        value === ''
          ? 'Empty: the group setting “Session time limit” decides.'
          : `${formatDuration(value)}. Empty it to let the group setting decide.`
      }
      min={60}
      allowDecimal={false}
      allowNegative={false}
      w={320}
      {...form.getInputProps('sessionTimeLimitSec')}
    />
  );
}

function EnvRows({ form }: { form: Form }) {
  return (
    <Fieldset legend="Environment variables">
      <Stack gap="xs">
        {form.values.env.length === 0 ? (
          <Text size="sm" c="dimmed">
            No variables. Add one to set it in every session’s container.
          </Text>
        ) : null}
        {form.values.env.map((_row, i) => (
          <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              aria-label={`Variable ${i + 1} name`}
              placeholder="NAME"
              styles={monospace}
              style={{ flex: 1 }}
              {...form.getInputProps(`env.${i}.key`)}
            />
            <TextInput
              aria-label={`Variable ${i + 1} value`}
              placeholder="value"
              style={{ flex: 2 }}
              {...form.getInputProps(`env.${i}.value`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Remove variable ${i + 1}`}
              onClick={() => form.removeListItem('env', i)}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {typeof form.errors['env'] === 'string' ? (
          <Text size="xs" c="red">
            {form.errors['env']}
          </Text>
        ) : null}
        <Button
          variant="light"
          size="xs"
          w="fit-content"
          onClick={() => form.insertListItem('env', { key: '', value: '' })}
        >
          Add variable
        </Button>
      </Stack>
    </Fieldset>
  );
}

function ContainerFields({ form }: { form: Form }) {
  return (
    <Stack gap="md" data-testid="workspace-fields-container">
      <ImageField {...form.getInputProps('image')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="CPU cores"
          description="May be fractional, e.g. 0.5."
          min={0.1}
          max={256}
          step={0.5}
          decimalScale={2}
          {...form.getInputProps('cores')}
        />
        <NumberInput
          label="Memory (MB)"
          min={64}
          max={1_048_576}
          step={256}
          allowDecimal={false}
          {...form.getInputProps('memoryMb')}
        />
      </SimpleGrid>
      <EnvRows form={form} />
      <Textarea
        label="Docker run config (JSON)"
        description='Docker run options by docker-py name, e.g. {"shm_size": "512m"}. Privileged mode, host namespaces, devices and bind mounts outside the volume roots are refused.'
        autosize
        minRows={3}
        maxRows={14}
        styles={monospace}
        placeholder="{}"
        {...form.getInputProps('runConfig')}
      />
      <Textarea
        label="Docker exec config (JSON)"
        description={`Commands run in the container, by stage (${DOCKER_EXEC_STAGES.join(', ')}): { "cmd": …, "user"?, "workdir"?, "environment"? }.`}
        autosize
        minRows={3}
        maxRows={14}
        styles={monospace}
        placeholder="{}"
        {...form.getInputProps('execConfig')}
      />
      <Switch
        label="Internet access"
        description="Sessions may open connections to the internet. They never reach the host, the dashboard or other sessions."
        {...form.getInputProps('internetAccess', { type: 'checkbox' })}
      />
      <Switch
        label="Allow network selection"
        description="Lets a casting link choose the session’s Docker network, among those allowed below."
        {...form.getInputProps('allowNetworkSelection', { type: 'checkbox' })}
      />
      <Textarea
        label="Allowed networks"
        description="Docker network names, one per line."
        autosize
        minRows={2}
        styles={monospace}
        {...form.getInputProps('allowedNetworks')}
      />
      <TextInput
        label="Persistent profile path"
        description="Host directory (inside the volume roots) kept between sessions; {username}, {user_id}, {image_id} and {workspace_id} are filled in. Empty: no persistent profile."
        styles={monospace}
        {...form.getInputProps('persistentProfilePath')}
      />
      <NativeSelect
        label="Session provider"
        description="Where its sessions run: one Docker engine per session host, or a Docker Swarm (one service per session)."
        data={[
          { value: '', label: 'Default (server setting SESSION_PROVIDER)' },
          { value: 'docker', label: 'Docker' },
          { value: 'swarm', label: 'Docker Swarm' },
        ]}
        w={420}
        {...form.getInputProps('provider')}
      />
      <Textarea
        label="Placement constraints (Swarm)"
        description="Conditions a Swarm node must all meet to run these sessions, one per line: node.labels.<name>, node.role, node.hostname, node.id, node.platform.os/arch or engine.labels.<name>, with == or !=. Plain Docker ignores them."
        placeholder={PLACEMENT_CONSTRAINT_EXAMPLES.join('\n')}
        autosize
        minRows={2}
        styles={monospace}
        {...form.getInputProps('placementConstraints')}
      />
      <SessionTimeLimitInput form={form} />
    </Stack>
  );
}

function ServerFields({ form, workspace }: { form: Form; workspace?: Workspace }) {
  const hasPassword = workspace?.type === 'server' && workspace.server?.hasPassword === true;
  const protocol = form.values.server.protocol;
  return (
    <Stack gap="md" data-testid="workspace-fields-server">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label="Protocol"
          data={SERVER_PROTOCOLS.map((p) => ({ value: p, label: p.toUpperCase() }))}
          {...form.getInputProps('server.protocol')}
        />
        <TextInput
          label="Host"
          required
          description="Host name or IP address."
          {...form.getInputProps('server.host')}
        />
        <NumberInput
          label="Port"
          description={`Empty: ${DEFAULT_SERVER_PORTS[protocol]}, the usual ${protocol.toUpperCase()} port.`}
          placeholder={String(DEFAULT_SERVER_PORTS[protocol])}
          min={1}
          max={65535}
          allowDecimal={false}
          allowNegative={false}
          {...form.getInputProps('server.port')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Server username" autoComplete="off" {...form.getInputProps('server.username')} />
        <PasswordInput
          label="Server password"
          autoComplete="new-password"
          placeholder={hasPassword ? 'stored — leave empty to keep' : undefined}
          description={
            hasPassword
              ? 'A password is set. Leave empty to keep it.'
              : 'Write-only: it is never shown again once saved.'
          }
          disabled={form.values.server.clearPassword}
          {...form.getInputProps('server.password')}
        />
        <TextInput
          label="Domain"
          description="Windows domain, if any."
          {...form.getInputProps('server.domain')}
        />
      </SimpleGrid>
      {hasPassword ? (
        <Checkbox
          label="Remove the stored password"
          {...form.getInputProps('server.clearPassword', { type: 'checkbox' })}
        />
      ) : null}
      <Checkbox
        label="Ignore the server’s certificate"
        description="Connect even when the server’s TLS certificate cannot be verified (a self-signed RDP host). Anyone able to intercept the connection could then read it."
        {...form.getInputProps('server.ignoreCertificate', { type: 'checkbox' })}
      />
      <SessionTimeLimitInput form={form} />
      <RemoteSessionNote />
    </Stack>
  );
}

/** Where a server or pool session is seen, for the administrator who sets one up. */
function RemoteSessionNote() {
  return (
    <Alert color="blue" variant="light" title="Where sessions are seen" data-testid="workspace-remote-note">
      Visitors and users get the session in their browser, through Caster’s gateway: they are never given the
      server’s address or credentials. The .rdp file download on a session is for administrators only.
    </Alert>
  );
}

function PoolFields({ form, workspace }: { form: Form; workspace?: Workspace }) {
  const savedPool = workspace?.type === 'pool' ? workspace.id : null;
  return (
    <Stack gap="md" data-testid="workspace-fields-pool">
      <WorkspacesMultiSelect
        label="Member servers"
        description="Server workspaces this pool hands out; a session goes to one that is free."
        type="server"
        value={form.values.poolServerIds.filter((id) => id !== workspace?.id)}
        onChange={(ids) => form.setFieldValue('poolServerIds', ids)}
        error={form.errors['poolServerIds']}
      />
      <NumberInput
        label="Sessions per server"
        description="How many sessions one member server runs at once; when every server is full a new session is refused (no capacity)."
        min={1}
        max={MAX_POOL_SESSIONS_PER_SERVER}
        allowDecimal={false}
        allowNegative={false}
        w={320}
        {...form.getInputProps('poolSessionsPerServer')}
      />
      <SessionTimeLimitInput form={form} />
      {savedPool ? <PoolMembers poolId={savedPool} /> : null}
      <RemoteSessionNote />
    </Stack>
  );
}

function LinkFields({ form }: { form: Form }) {
  return (
    <Stack gap="md" data-testid="workspace-fields-link">
      <TextInput
        label="URL"
        description="The http(s) address the user is sent to."
        placeholder="https://"
        required
        {...form.getInputProps('url')}
      />
    </Stack>
  );
}

function TypeFields({ form, workspace }: { form: Form; workspace?: Workspace }) {
  const type: WorkspaceType = form.values.type;
  switch (type) {
    case 'container':
      return <ContainerFields form={form} />;
    case 'server':
      return <ServerFields form={form} workspace={workspace} />;
    case 'pool':
      return <PoolFields form={form} workspace={workspace} />;
    case 'link':
      return <LinkFields form={form} />;
  }
}

export function WorkspaceForm({ workspace }: { workspace?: Workspace }) {
  const navigate = useNavigate();
  const create = useCreateWorkspace();
  const update = useUpdateWorkspace(workspace?.id ?? '');
  const groups = useGroups({ pageSize: MAX_PAGE_SIZE, sort: 'name', order: 'asc' });
  const [failure, setFailure] = useState<FormFailure | null>(null);

  const form = useForm<WorkspaceFormValues>({
    initialValues: workspaceInitialValues(workspace),
    validate: validateWorkspace,
    validateInputOnBlur: ['runConfig', 'execConfig'],
  });

  const systemGroup = groups.data?.items.find((g) => g.system);
  const groupIds = form.values.groupIds ?? (systemGroup ? [systemGroup.id] : []);

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    try {
      const body = workspaceRequest(values, workspace !== undefined);
      if (workspace) await update.mutateAsync(body);
      else await create.mutateAsync(body);
      notifySaved(`Workspace ${values.name} ${workspace ? 'saved' : 'created'}.`);
      await navigate('/admin/workspaces');
    } catch (error) {
      setFailure(
        applyApiError(form, error, {
          targets: workspaceErrorTargets(values),
          codeFields: { NAME_TAKEN: 'name' },
          rewrite: envErrorRewrite(values.env),
        }),
      );
    }
  });

  const typeChanged = workspace !== undefined && form.values.type !== workspace.type;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={workspace ? `Edit workspace ${workspace.name}` : 'New workspace'}
    >
      <Stack gap="md">
        <FormFailureAlert failure={failure} />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('description')}
        />
        <NativeSelect
          label="Type"
          description={WORKSPACE_TYPE_DESCRIPTIONS[form.values.type]}
          data={WORKSPACE_TYPES.map((t) => ({ value: t, label: WORKSPACE_TYPE_LABELS[t] }))}
          w={320}
          {...form.getInputProps('type')}
        />
        {typeChanged ? (
          <Alert color="yellow" title="The type changes">
            Saving clears the {WORKSPACE_TYPE_LABELS[workspace.type].toLowerCase()} settings of this
            workspace.
          </Alert>
        ) : null}
        <Switch
          label="Enabled"
          description="A disabled workspace cannot be launched, from the dashboard or from a casting link."
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
        <GroupsMultiSelect
          label="Groups allowed to launch"
          description="Members of these groups see it on their dashboard. Casting links start it whatever is chosen here."
          value={groupIds}
          onChange={(ids) => form.setFieldValue('groupIds', ids)}
          error={form.errors['groupIds']}
        />
        <Divider label={`${WORKSPACE_TYPE_LABELS[form.values.type]} settings`} labelPosition="left" />
        <TypeFields form={form} workspace={workspace} />
        {typeof form.errors['server'] === 'string' ? (
          <Text size="sm" c="red">
            {form.errors['server']}
          </Text>
        ) : null}
        <FormActions
          submitLabel={workspace ? 'Save changes' : 'Create workspace'}
          submitting={create.isPending || update.isPending}
          cancelTo="/admin/workspaces"
        />
      </Stack>
    </form>
  );
}
