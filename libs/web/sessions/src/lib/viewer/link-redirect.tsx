import { Anchor, Center, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';

/** Swappable in tests: jsdom cannot navigate. */
export const navigation = {
  assign: (url: string): void => window.location.assign(url),
};

/** Only http(s) leaves the SPA: a `javascript:` URL stored in a workspace must not run here. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url, window.location.href);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Link workspaces open their URL in place of the viewer. */
export function LinkRedirect({ url, workspaceName }: { url: string; workspaceName: string }) {
  const safe = isWebUrl(url);
  useEffect(() => {
    if (safe) navigation.assign(url);
  }, [safe, url]);
  return (
    <Center mih="100vh" p="md" data-testid="link-redirect">
      <Stack gap="xs" align="center">
        <Text>Opening {workspaceName || 'your workspace'}…</Text>
        {safe ? (
          <Anchor href={url} rel="noopener noreferrer">
            Go there now
          </Anchor>
        ) : (
          <Text size="sm" c="red" role="alert">
            This workspace’s address is not a web address, so it cannot be opened.
          </Text>
        )}
      </Stack>
    </Center>
  );
}
