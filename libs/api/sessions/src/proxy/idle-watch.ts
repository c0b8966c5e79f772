/** The WebSocket close code (and reason) a viewer cut for idleness gets: the viewer shows "You were idle". */
export const IDLE_CLOSE_CODE = 4000;
export const IDLE_CLOSE_REASON = 'idle';

/** Time and timers, injectable so the watch is tested without waiting. */
export interface IdleClock {
  now(): number;
  /** Runs `fn` after `ms`; answers the function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const SYSTEM_CLOCK: IdleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    // A pending idle check must not keep a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** What the proxy tells the watch about one of the owner's connections into a session. */
export interface WatchedConnection {
  /** The socket speaks RFB: its input can be seen, so the session's idle time now counts. */
  rfb: () => void;
  /** The owner typed or moved the pointer (a key or pointer event the relay let through). */
  input: () => void;
  /** The effective `idle_disconnect`, in seconds (0 = never), once it is known. */
  limit: (seconds: number) => void;
  /** The connection ended (on its own or cut). */
  done: () => void;
}

interface Watched {
  rfb: boolean;
  close: () => void;
}

interface SessionIdle {
  lastInput: number;
  /** null until a connection's limit is known; 0 = never. */
  limitMs: number | null;
  connections: Set<Watched>;
  cancel: (() => void) | null;
}

/**
 * Idle disconnect. Per session, the time of the owner's last keyboard or pointer input, over all
 * of the owner's connections on this replica (typing in one tab keeps the others open too); when
 * the effective `idle_disconnect` passes without any, every one of those connections is closed
 * (`close`, which the proxy makes a 4000 "idle" close). View-only viewers are never registered:
 * they cannot send input, so they neither keep a session awake nor get cut for idleness.
 *
 * Only RFB input can be seen, so a session is judged only while at least one of the owner's
 * connections speaks RFB; a session reached by plain WebSockets only (an app that is not a VNC
 * desktop) is never cut. Opening a connection counts as activity (it is what "Reconnect" does).
 * An input only records a time: the one timer per session checks at the deadline and re-arms,
 * so a stream of pointer events costs no timer work.
 */
export class IdleWatch {
  private readonly sessions = new Map<string, SessionIdle>();

  constructor(private readonly clock: IdleClock = SYSTEM_CLOCK) {}

  /** Registers one of the owner's connections; `close` cuts it for idleness. */
  watch(sessionId: string, close: () => void): WatchedConnection {
    let entry = this.sessions.get(sessionId);
    if (!entry) {
      entry = { lastInput: this.clock.now(), limitMs: null, connections: new Set(), cancel: null };
      this.sessions.set(sessionId, entry);
    }
    const session = entry;
    session.lastInput = this.clock.now();
    const connection: Watched = { rfb: false, close };
    session.connections.add(connection);
    const current = () => this.sessions.get(sessionId) === session && session.connections.has(connection);
    return {
      rfb: () => {
        if (!current() || connection.rfb) return;
        connection.rfb = true;
        this.arm(sessionId, session);
      },
      input: () => {
        if (current()) session.lastInput = this.clock.now();
      },
      limit: (seconds) => {
        if (!current() || !Number.isFinite(seconds) || seconds < 0) return;
        session.limitMs = Math.floor(seconds) * 1000;
        this.arm(sessionId, session);
      },
      done: () => {
        if (!current()) return;
        session.connections.delete(connection);
        if (session.connections.size === 0) this.forget(sessionId, session);
        else this.arm(sessionId, session);
      },
    };
  }

  /** How many of the owner's connections into the session are watched (tests, metrics). */
  watching(sessionId: string): number {
    return this.sessions.get(sessionId)?.connections.size ?? 0;
  }

  /** When the session will be cut if nothing happens (epoch ms), null if it is not being judged. */
  deadline(sessionId: string): number | null {
    const session = this.sessions.get(sessionId);
    if (!session || !this.judged(session)) return null;
    return session.lastInput + (session.limitMs ?? 0);
  }

  private judged(session: SessionIdle): boolean {
    return Boolean(session.limitMs) && [...session.connections].some((c) => c.rfb);
  }

  private arm(sessionId: string, session: SessionIdle): void {
    session.cancel?.();
    session.cancel = null;
    if (!this.judged(session)) return;
    const wait = Math.max(0, session.lastInput + (session.limitMs ?? 0) - this.clock.now());
    session.cancel = this.clock.setTimer(() => this.check(sessionId, session), wait);
  }

  private check(sessionId: string, session: SessionIdle): void {
    session.cancel = null;
    if (this.sessions.get(sessionId) !== session || !this.judged(session)) return;
    if (this.clock.now() - session.lastInput < (session.limitMs ?? 0)) return this.arm(sessionId, session);
    const connections = [...session.connections];
    this.forget(sessionId, session);
    for (const connection of connections) connection.close();
  }

  private forget(sessionId: string, session: SessionIdle): void {
    session.cancel?.();
    session.cancel = null;
    if (this.sessions.get(sessionId) === session) this.sessions.delete(sessionId);
  }
}
