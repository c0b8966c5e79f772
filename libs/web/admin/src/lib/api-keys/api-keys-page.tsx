import { type ApiKey, type CreatedApiKey } from '@caster/contracts';
import {
  DeleteButton,
  formatDateTime,
  type ListColumn,
  ListView,
  notifySaved,
  PageHeader,
  useListParams,
} from '@caster/web/ui';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useApiKeys, useDeleteApiKey } from './api/api-keys';
import { ApiKeyForm } from './api-key-form';

// The API sorts API keys by name only; the list params still want a sort field.
type ApiKeySort = 'name';
const SORTS: readonly ApiKeySort[] = ['name'];

function Permissions({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.permissions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  const shown = apiKey.permissions.slice(0, 3);
  const more = apiKey.permissions.length - shown.length;
  return (
    <Group gap={4} aria-label={`${apiKey.permissions.length} permissions`}>
      {shown.map((p) => (
        <Badge key={p} variant="light" size="sm" tt="none">
          {p}
        </Badge>
      ))}
      {more > 0 ? (
        <Tooltip label={apiKey.permissions.slice(3).join(', ')} multiline w={260}>
          <Badge variant="outline" size="sm" tt="none">
            +{more}
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  );
}

function DeleteApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const remove = useDeleteApiKey();
  return (
    <DeleteButton
      subject={`API key ${apiKey.name}`}
      title={`Delete ${apiKey.name}?`}
      message="Calls made with this key are refused at once. This cannot be undone."
      confirmLabel="Delete key"
      onConfirm={async () => {
        await remove.mutateAsync(apiKey.id);
        notifySaved(`API key ${apiKey.name} deleted.`);
      }}
    />
  );
}

/** The secret of a key just created: shown here once, never again. */
export function SecretModal({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="API key created" size="lg" centered>
      {created ? (
        <Stack gap="md" data-testid="api-key-secret">
          <Alert color="yellow" title="Copy the secret now">
            This secret will not be shown again. Store it somewhere safe; if it is lost, delete the key and
            create a new one.
          </Alert>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              API key (api_key)
            </Text>
            <Code block>{created.key}</Code>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Secret (api_key_secret)
            </Text>
            <Code block data-testid="api-key-secret-value">
              {created.secret}
            </Code>
          </Stack>
          <Group justify="flex-end" gap="sm">
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy secret'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export function ApiKeysPage() {
  const params = useListParams(SORTS, 'name');
  const keys = useApiKeys({
    page: params.page,
    pageSize: params.pageSize,
    q: params.q.trim() === '' ? undefined : params.q.trim(),
  });
  const [editing, setEditing] = useState<ApiKey | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const columns: ListColumn<ApiKey, ApiKeySort>[] = [
    {
      id: 'name',
      header: 'Name',
      render: (key) => (
        <Text size="sm" fw={500}>
          {key.name}
        </Text>
      ),
    },
    { id: 'key', header: 'Key', render: (key) => <Code>{key.key}</Code> },
    { id: 'permissions', header: 'Permissions', render: (key) => <Permissions apiKey={key} /> },
    {
      id: 'readOnly',
      header: 'Read-only',
      render: (key) => <Text size="sm">{key.readOnly ? 'Yes' : 'No'}</Text>,
    },
    {
      id: 'enabled',
      header: 'Status',
      render: (key) =>
        key.enabled ? (
          <Badge color="green" variant="light">
            Enabled
          </Badge>
        ) : (
          <Badge color="red" variant="light">
            Disabled
          </Badge>
        ),
    },
    {
      id: 'expiresAt',
      header: 'Expires',
      render: (key) => <Text size="sm">{formatDateTime(key.expiresAt)}</Text>,
    },
    {
      id: 'lastUsedAt',
      header: 'Last used',
      render: (key) => <Text size="sm">{formatDateTime(key.lastUsedAt)}</Text>,
    },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (key) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button variant="subtle" size="xs" aria-label={`Edit ${key.name}`} onClick={() => setEditing(key)}>
            Edit
          </Button>
          <DeleteApiKeyButton apiKey={key} />
        </Group>
      ),
    },
  ];

  return (
    <section data-testid="admin-page-api-keys">
      <PageHeader
        title="API keys"
        description="Keys for integrations that use the Kasm-compatible Developer API under /api/public."
        actions={<Button onClick={() => setEditing('new')}>Create API key</Button>}
      />
      <ListView
        label="API keys"
        noun="API keys"
        query={keys}
        params={params}
        columns={columns}
        rowKey={(key) => key.id}
        searchLabel="Search API keys by name or key"
        empty={{
          title: 'No API keys yet',
          text: 'Create a key for each integration that calls the Developer API.',
          action: (
            <Button variant="light" onClick={() => setEditing('new')}>
              Create the first key
            </Button>
          ),
        }}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'Create API key' : editing ? `Edit ${editing.name}` : ''}
        size="lg"
      >
        {editing !== null ? (
          <ApiKeyForm
            key={editing === 'new' ? 'new' : editing.id}
            apiKey={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onDone={(key) => {
              setEditing(null);
              if (key) setCreated(key);
            }}
          />
        ) : null}
      </Modal>
      <SecretModal created={created} onClose={() => setCreated(null)} />
    </section>
  );
}
