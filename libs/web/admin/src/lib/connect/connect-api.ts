import {
  type ConnectEntryView,
  type ConnectKeepaliveResponse,
  type ConnectRequest,
  type ConnectView,
  type SessionEntryResponse,
} from '@caster/contracts';
import { apiFetch } from '@caster/web/core';

// Public calls: a 401/404 here is the link's answer, never a reason to bounce to the sign-in page.

/**
 * Trades the connect token for this page's cookie (it admits `/api/connect/<id>` only) and a
 * first single-use enter URL into the session's own origin.
 */
export function tradeConnectToken(body: ConnectRequest): Promise<ConnectEntryView> {
  return apiFetch<ConnectEntryView>('/api/connect', { method: 'POST', body, authRedirect: false });
}

/** A fresh single-use enter URL into the session's origin: one per (re)load of the frame. */
export function enterConnectSession(sessionId: string): Promise<SessionEntryResponse> {
  return apiFetch<SessionEntryResponse>(`/api/connect/${encodeURIComponent(sessionId)}/enter`, {
    method: 'POST',
    authRedirect: false,
  });
}

/** The session, for the holder of its connect cookie; accepts the 32-hex kasm id too. */
export function getConnectView(sessionId: string, signal?: AbortSignal): Promise<ConnectView> {
  return apiFetch<ConnectView>(`/api/connect/${encodeURIComponent(sessionId)}`, {
    signal,
    authRedirect: false,
  });
}

export function connectKeepalive(sessionId: string): Promise<ConnectKeepaliveResponse> {
  return apiFetch<ConnectKeepaliveResponse>(`/api/connect/${encodeURIComponent(sessionId)}/keepalive`, {
    method: 'POST',
    authRedirect: false,
  });
}

export const connectKeys = {
  trade: (kasmId: string) => ['connect', 'trade', kasmId] as const,
  view: (sessionId: string) => ['connect', 'view', sessionId] as const,
  enter: (sessionId: string) => ['connect', 'enter', sessionId] as const,
};
