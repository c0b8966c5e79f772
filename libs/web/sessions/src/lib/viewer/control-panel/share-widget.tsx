import { errorMessage } from '@caster/web/core';
import { Alert, Button, CopyButton, Group, Text, TextInput } from '@mantine/core';
import { useShareSession, useUnshareSession } from '../../api/share-session';
import { PanelSection } from './panel-section';

/** `#/share/<id>` made absolute against this page, so it can be sent to someone. */
export function absoluteShareUrl(shareId: string, href: string = window.location.href): string {
  return new URL(`#/share/${encodeURIComponent(shareId)}`, href).href;
}

export function ShareWidget({ sessionId, shareId }: { sessionId: string; shareId: string | null }) {
  const share = useShareSession(sessionId);
  const unshare = useUnshareSession(sessionId);
  const error = share.error ?? unshare.error;

  return (
    <PanelSection title="Share a view-only link">
      <Text size="xs" c="dimmed">
        Anyone with the link can watch this session, but not control it, until you stop sharing.
      </Text>
      {shareId ? (
        <>
          <TextInput
            aria-label="Share link"
            value={absoluteShareUrl(shareId)}
            readOnly
            size="xs"
            onFocus={(event) => event.currentTarget.select()}
            data-testid="share-link"
          />
          <Group gap="xs">
            <CopyButton value={absoluteShareUrl(shareId)}>
              {({ copied, copy }) => (
                <Button size="xs" color={copied ? 'green' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="default"
              color="red"
              loading={unshare.isPending}
              onClick={() => {
                share.reset();
                unshare.mutate();
              }}
            >
              Stop sharing
            </Button>
          </Group>
        </>
      ) : (
        <Button
          size="xs"
          loading={share.isPending}
          onClick={() => {
            unshare.reset();
            share.mutate();
          }}
        >
          Create share link
        </Button>
      )}
      {error ? (
        <Alert color="red" p="xs" role="alert">
          {errorMessage(error.code)}
        </Alert>
      ) : null}
    </PanelSection>
  );
}
