import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onUnauthenticated } from '../api/api-fetch';
import { getMe } from './get-me';

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('getMe', () => {
  it('answers null, without redirecting, when nobody is signed in', async () => {
    const handler = vi.fn();
    const unregister = onUnauthenticated(handler);
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'AUTH_REQUIRED', message: 'x' } }), { status: 401 }),
    );
    await expect(getMe()).resolves.toBeNull();
    expect(handler).not.toHaveBeenCalled();
    unregister();
  });

  it('still fails on an outage, so the page can say so instead of showing sign-in', async () => {
    fetchMock.mockResolvedValue(new Response('', { status: 503 }));
    await expect(getMe()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
