import { SESSION_STATES, type SessionEvent, type SessionState } from '@caster/contracts';
import { useEffect, useState } from 'react';
import { sessionPath } from './get-session';

/** After one of these the API ends the stream; left open, EventSource would reconnect forever. */
export const FINAL_STATES: ReadonlySet<SessionState> = new Set<SessionState>(['stopped', 'failed']);

export function sessionEventsUrl(id: string): string {
  return `${sessionPath(id)}/events`;
}

/** The `data` of one `state` event, or null when it is not one (never trust the wire). */
export function parseSessionEvent(data: unknown): SessionEvent | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { sessionId, state, at, failure } = value as Record<string, unknown>;
  if (typeof sessionId !== 'string' || typeof at !== 'string') return null;
  if (!SESSION_STATES.includes(state as SessionState)) return null;
  const event: SessionEvent = { sessionId, state: state as SessionState, at };
  if (typeof failure === 'object' && failure !== null) {
    const { code, message } = failure as Record<string, unknown>;
    if (typeof code === 'string') {
      event.failure = { code, message: typeof message === 'string' ? message : '' };
    }
  }
  return event;
}

export interface SessionEventsState {
  /** Every state event received, oldest first. */
  events: SessionEvent[];
  latest: SessionEvent | null;
  /**
   * The stream cannot be used (refused, or no EventSource in this browser): the caller should
   * poll `GET /api/sessions/:id` instead.
   */
  broken: boolean;
}

/**
 * Follows `GET /api/sessions/:id/events` (server-sent events named `state`). EventSource sends the
 * session cookie because the stream is same-origin; it reconnects by itself after a network blip
 * and only gives up (readyState CLOSED) when the API refuses the stream.
 */
export function useSessionEvents(id: string): SessionEventsState {
  const supported = typeof EventSource !== 'undefined';
  const [events, setEvents] = useState<SessionEvent[]>([]);
  const [closed, setClosed] = useState(false);

  useEffect(() => {
    if (!supported) return;
    const source = new EventSource(sessionEventsUrl(id));
    const onState = (message: MessageEvent<unknown>) => {
      const event = parseSessionEvent(message.data);
      if (!event) return;
      setEvents((previous) => [...previous, event]);
      if (FINAL_STATES.has(event.state)) source.close();
    };
    source.addEventListener('state', onState);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setClosed(true);
    };
    return () => {
      source.removeEventListener('state', onState);
      source.onerror = null;
      source.close();
    };
  }, [id, supported]);

  return { events, latest: events.at(-1) ?? null, broken: !supported || closed };
}
