import { CAST_TEST_PARAM, type CastConfig } from '@caster/contracts';
import { ApiError, errorMessage } from '@caster/web/core';
import { Alert, Anchor, Button, Code, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useCreateTestVisit } from './api/create-test-visit';
import { castUrl } from './cast-url';
import { CopyLinkButton } from './link-tools';

/** The link with "Open as a visitor"'s token in its own query (inside the hash, like any parameter). */
export function testVisitUrl(
  key: string,
  token: string,
  location?: Pick<Location, 'origin' | 'pathname'>,
): string {
  return `${castUrl(key, location)}?${CAST_TEST_PARAM}=${encodeURIComponent(token)}`;
}

/**
 * "Open as a visitor": the link as a visitor gets it, to try from a private window (where nobody is
 * signed in, as for a real visitor). The token it carries only labels the audit: the casts made
 * with it are marked "test", for an hour.
 */
export function OpenAsVisitor({ config }: { config: CastConfig }) {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateTestVisit();
  const [visit, setVisit] = useState<{ url: string; expiresAt: string } | null>(null);

  const start = () => {
    setVisit(null);
    open();
    create.mutate(config.id, {
      onSuccess: (v) => setVisit({ url: testVisitUrl(config.key, v.token), expiresAt: v.expiresAt }),
    });
  };

  return (
    <>
      <Button variant="default" onClick={start} data-testid="open-as-visitor">
        Open as a visitor
      </Button>
      <Modal opened={opened} onClose={close} title="Open as a visitor" size="lg">
        <Stack gap="sm">
          <Text size="sm">
            Open this link in a <b>private window</b>, so that you are not signed in there and get exactly
            what a visitor gets:
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              Chrome, Edge: <Code>Ctrl+Shift+N</Code> (<Code>⌘⇧N</Code> on a Mac)
            </List.Item>
            <List.Item>
              Firefox: <Code>Ctrl+Shift+P</Code> (<Code>⌘⇧P</Code>); Safari: <Code>⌘⇧N</Code>
            </List.Item>
          </List>
          {create.isError ? (
            <Alert color="red" role="alert" title="No test link">
              {errorMessage(ApiError.from(create.error).code)}
            </Alert>
          ) : null}
          <TextInput
            label="Test link"
            readOnly
            value={visit?.url ?? 'Making the test link…'}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="test-visit-url"
            rightSection={visit ? <CopyLinkButton value={visit.url} label="Copy the test link" /> : null}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Text size="xs" c="dimmed">
            Requests made with it until {visit ? new Date(visit.expiresAt).toLocaleTimeString() : '…'} are
            marked <b>test</b> in this link’s requests below; they count against its limits like any visit.
            Opened here instead, you would be casting as yourself, signed in.
          </Text>
          {visit ? (
            <Anchor href={visit.url} target="_blank" rel="noopener noreferrer" size="sm">
              Open it in a new tab here instead
            </Anchor>
          ) : null}
        </Stack>
      </Modal>
    </>
  );
}
