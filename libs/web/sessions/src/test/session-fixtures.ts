import { NO_CLIENT_SETTINGS, type SessionView } from '@caster/contracts';
import { user } from '@caster/web/test-utils';
import { act } from '@testing-library/react';
import { vi } from 'vitest';

/** EventSource for jsdom (which has none): tests push server-sent events by hand. */
export class MockEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: MockEventSource[] = [];

  readonly url: string;
  readyState = MockEventSource.CONNECTING;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Set<(event: MessageEvent) => void>>();

  constructor(url: string | URL) {
    this.url = String(url);
    MockEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }

  removeEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = MockEventSource.CLOSED;
  }

  /** Delivers one event (data as JSON) to the listeners, inside act(). */
  emit(type: string, data: unknown): void {
    act(() => {
      this.readyState = MockEventSource.OPEN;
      for (const listener of this.listeners.get(type) ?? []) {
        listener(new MessageEvent(type, { data: JSON.stringify(data) }));
      }
    });
  }

  /** The server refused the stream: EventSource gives up. */
  refuse(): void {
    act(() => {
      this.readyState = MockEventSource.CLOSED;
      this.onerror?.(new Event('error'));
    });
  }

  static latest(): MockEventSource {
    const last = MockEventSource.instances.at(-1);
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }

  static install(): void {
    MockEventSource.instances = [];
    vi.stubGlobal('EventSource', MockEventSource);
  }
}

export const allOff = NO_CLIENT_SETTINGS;

export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 's-1',
    state: 'provisioning',
    workspaceId: 'w-1',
    workspaceName: 'Tiny app',
    workspaceType: 'container',
    userId: user.id,
    createdAt: new Date(Date.now() - 3_000).toISOString(),
    claimedAt: new Date(Date.now() - 3_000).toISOString(),
    startedAt: null,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    hardExpiresAt: null,
    clientSettings: { ...allOff },
    flags: { disableControlPanel: false, disableTips: true, sharing: false, fixedResolution: true },
    viewerUrl: 'http://s-1.localhost:3000/',
    viewerOrigin: 'http://s-1.localhost:3000',
    failure: null,
    shareId: null,
    kasmUrl: null,
    ...overrides,
  };
}
