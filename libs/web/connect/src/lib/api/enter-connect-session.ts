import { type SessionEntryResponse } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';

// Public call: a 401/404 here is the link's answer, never a reason to bounce to the sign-in page.

/** A fresh single-use enter URL into the session's origin: one per (re)load of the frame. */
export function enterConnectSession(sessionId: string): Promise<SessionEntryResponse> {
  return apiFetch<SessionEntryResponse>(`/api/connect/${encodeURIComponent(sessionId)}/enter`, {
    method: 'POST',
    authRedirect: false,
  });
}
