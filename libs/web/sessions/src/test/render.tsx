import { type Me, type SessionView } from '@caster/contracts';
import { createQueryClient, queryKeys } from '@caster/web/core';
import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, type RenderResult } from '@testing-library/react';
import { type ComponentType, type ReactElement } from 'react';
import { createMemoryRouter, type DataRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';

export const user: Me = { id: 'u-2', username: 'bob', role: 'user', anonymous: false, groups: [] };

export interface Rendered extends RenderResult {
  queryClient: QueryClient;
  router: DataRouter;
}

function testQueryClient(me: Me | null): QueryClient {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  queryClient.setQueryData(queryKeys.auth.me(), me);
  return queryClient;
}

/** One page at `url`, matched by `path`, in a memory router with the app's providers. */
export function renderPage(
  Page: ComponentType,
  { path, url, me = user }: { path: string; url: string; me?: Me | null },
): Rendered {
  const queryClient = testQueryClient(me);
  const router = createMemoryRouter(
    [
      { path, Component: Page },
      { path: '/', element: <div data-testid="home" /> },
    ],
    { initialEntries: [url] },
  );
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient, router };
}

/** A component that needs providers but no route. */
export function renderUi(
  ui: ReactElement,
  me: Me | null = user,
): RenderResult & { queryClient: QueryClient } {
  const queryClient = testQueryClient(me);
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient };
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function errorResponse(status: number, code: string, details?: object): Response {
  return jsonResponse(status, { error: { code, message: code, details } });
}

type Answer = (init: RequestInit | undefined, url: URL) => Response;

/** Stubs global fetch with a per-`METHOD path` answer; unknown requests fail the test loudly. */
export function mockFetch(answers: Record<string, Answer>) {
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://localhost');
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const answer = answers[key];
    if (!answer) return Promise.reject(new Error(`unexpected request ${key}`));
    return Promise.resolve(answer(init, url));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export function calls(fetchMock: ReturnType<typeof mockFetch>, key: string): number {
  return fetchMock.mock.calls.filter(([input, init]) => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return `${init?.method ?? 'GET'} ${new URL(raw, 'http://localhost').pathname}` === key;
  }).length;
}

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

export const allOff = {
  allowAudio: false,
  audioDefaultOn: false,
  allowDownloads: false,
  allowClipboardDown: false,
  allowClipboardUp: false,
  allowMicrophone: false,
  allowUploads: false,
  allowGamepads: false,
  allowSharing: false,
  imeDefaultOn: false,
} as const;

export function sessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    id: 's-1',
    state: 'provisioning',
    workspaceId: 'w-1',
    workspaceName: 'Tiny app',
    workspaceType: 'container',
    userId: user.id,
    createdAt: new Date(Date.now() - 3_000).toISOString(),
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
