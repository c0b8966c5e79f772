import { type ConnectEntryView, type ConnectRequest } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';

// Public call: a 401/404 here is the link's answer, never a reason to bounce to the sign-in page.

/**
 * Trades the connect token for this page's cookie (it admits `/api/connect/<id>` only) and a
 * first single-use enter URL into the session's own origin.
 */
export function tradeConnectToken(body: ConnectRequest): Promise<ConnectEntryView> {
  return apiFetch<ConnectEntryView>('/api/connect', { method: 'POST', body, authRedirect: false });
}
