import { type ConnectKeepaliveResponse } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';

// Public call: a 401/404 here is the link's answer, never a reason to bounce to the sign-in page.

export function connectKeepalive(sessionId: string): Promise<ConnectKeepaliveResponse> {
  return apiFetch<ConnectKeepaliveResponse>(`/api/connect/${encodeURIComponent(sessionId)}/keepalive`, {
    method: 'POST',
    authRedirect: false,
  });
}
