import { type ConnectView } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';

// Public call: a 401/404 here is the link's answer, never a reason to bounce to the sign-in page.

/** The session, for the holder of its connect cookie; accepts the 32-hex kasm id too. */
export function getConnectView(sessionId: string, signal?: AbortSignal): Promise<ConnectView> {
  return apiFetch<ConnectView>(`/api/connect/${encodeURIComponent(sessionId)}`, {
    signal,
    authRedirect: false,
  });
}
