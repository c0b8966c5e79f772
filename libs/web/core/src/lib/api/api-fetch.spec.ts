import { CSRF_HEADER, type ErrorBody } from '@caster/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { apiFetch, apiFetchFile, filenameFromDisposition, onUnauthenticated } from './api-fetch';

const fetchMock = vi.fn<typeof fetch>();

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('apiFetch requests', () => {
  it('sends JSON with the CSRF header and same-origin credentials', async () => {
    fetchMock.mockResolvedValue(json(200, { ok: true }));

    const result = await apiFetch<{ ok: boolean }>('/api/things', {
      method: 'POST',
      body: { name: 'a' },
      query: { page: 2, q: 'x y', missing: undefined, none: null },
    });

    expect(result).toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/things?page=2&q=x+y');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBe('{"name":"a"}');
    const headers = init?.headers as Record<string, string>;
    expect(headers[CSRF_HEADER]).toBe('1');
    expect(headers['Content-Type']).toBe('application/json');
  });

  it('adds the CSRF header to GETs too and sends no body', async () => {
    fetchMock.mockResolvedValue(json(200, []));
    await apiFetch('/api/things');
    const init = fetchMock.mock.calls[0][1];
    expect((init?.headers as Record<string, string>)[CSRF_HEADER]).toBe('1');
    expect(init?.body).toBeUndefined();
    expect(init?.method).toBe('GET');
  });

  it('answers undefined for an empty 204', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiFetch('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });
});

describe('apiFetch errors', () => {
  it('turns the error body into an ApiError with code, details and request id', async () => {
    const body: ErrorBody = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'name must not be empty',
        details: { fields: { name: 'must not be empty' } },
        requestId: 'req-1',
      },
    };
    fetchMock.mockResolvedValue(json(400, body));

    const error = await caught(apiFetch('/api/admin/groups', { method: 'POST', body: {} }));

    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('name must not be empty');
    expect(error.details.fields).toEqual({ name: 'must not be empty' });
    expect(error.requestId).toBe('req-1');
  });

  it('takes the retry delay from details, else from the Retry-After header', async () => {
    fetchMock.mockResolvedValueOnce(
      json(429, {
        error: { code: 'RATE_LIMITED', message: 'slow down', details: { retryAfterSeconds: 12 } },
      }),
    );
    expect((await caught(apiFetch('/api/cast/demo', { method: 'POST' }))).retryAfterSeconds).toBe(12);

    fetchMock.mockResolvedValueOnce(
      json(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'Retry-After': '30' }),
    );
    const error = await caught(apiFetch('/api/cast/demo', { method: 'POST' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('maps a non-JSON 502 from a proxy to INTERNAL, keeping the status', async () => {
    fetchMock.mockResolvedValue(
      new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await caught(apiFetch('/api/health'));
    expect(error.status).toBe(502);
    expect(error.code).toBe('INTERNAL');
  });

  it('maps a non-JSON 503 to SERVICE_UNAVAILABLE', async () => {
    fetchMock.mockResolvedValue(new Response('', { status: 503 }));
    expect((await caught(apiFetch('/api/health'))).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('does not trust an unknown code in an otherwise well-formed body', async () => {
    fetchMock.mockResolvedValue(json(500, { error: { code: 'toString', message: 'x' } }));
    expect((await caught(apiFetch('/api/x'))).code).toBe('INTERNAL');
  });

  it('maps a network failure to SERVICE_UNAVAILABLE with status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await caught(apiFetch('/api/x'));
    expect(error.status).toBe(0);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('lets an abort through as an abort, not as an outage', async () => {
    const controller = new AbortController();
    controller.abort();
    fetchMock.mockRejectedValue(new DOMException('aborted', 'AbortError'));
    await expect(apiFetch('/api/x', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('rejects a 2xx body that is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('<html></html>', { status: 200 }));
    expect((await caught(apiFetch('/api/x'))).code).toBe('INTERNAL');
  });
});

describe('apiFetch unauthenticated handler', () => {
  const handler = vi.fn();
  let unregister: () => void = () => undefined;
  beforeEach(() => {
    handler.mockReset();
    unregister = onUnauthenticated(handler);
  });
  afterEach(() => unregister());

  const authRequired = () => json(401, { error: { code: 'AUTH_REQUIRED', message: 'sign in' } });

  it('fires on a 401 from an ordinary endpoint, with the error', async () => {
    fetchMock.mockResolvedValue(authRequired());
    const error = await caught(apiFetch('/api/admin/users'));
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledWith(error);
  });

  it('does not fire for a failed sign-in', async () => {
    fetchMock.mockResolvedValue(json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'no' } }));
    const error = await caught(apiFetch('/api/auth/login', { method: 'POST', body: {} }));
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not fire when the caller expects 401 as an answer', async () => {
    fetchMock.mockResolvedValue(authRequired());
    await caught(apiFetch('/api/auth/me', { authRedirect: false }));
    expect(handler).not.toHaveBeenCalled();
  });

  it('does not fire on other statuses', async () => {
    fetchMock.mockResolvedValue(json(403, { error: { code: 'FORBIDDEN', message: 'no' } }));
    await caught(apiFetch('/api/admin/users'));
    expect(handler).not.toHaveBeenCalled();
  });

  it('stops firing once unregistered', async () => {
    unregister();
    fetchMock.mockResolvedValue(authRequired());
    await caught(apiFetch('/api/admin/users'));
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('apiFetchFile', () => {
  it('answers the body as a blob with the server-given file name', async () => {
    fetchMock.mockResolvedValue(
      new Response('hello', {
        status: 200,
        headers: { 'Content-Disposition': 'attachment; filename="notes.txt"' },
      }),
    );
    const file = await apiFetchFile('/api/sessions/s-1/files', { query: { path: 'notes.txt' } });
    expect(await file.blob.text()).toBe('hello');
    expect(file.filename).toBe('notes.txt');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/sessions/s-1/files?path=notes.txt');
  });

  it('turns a refusal into the same coded ApiError as apiFetch', async () => {
    fetchMock.mockResolvedValue(json(403, { error: { code: 'CLIENT_SETTING_DENIED', message: 'no' } }));
    expect((await caught(apiFetchFile('/api/sessions/s-1/files'))).code).toBe('CLIENT_SETTING_DENIED');
  });
});

describe('filenameFromDisposition', () => {
  it('prefers the RFC 5987 name, then the quoted or bare one', () => {
    expect(filenameFromDisposition('attachment; filename="a.txt"; filename*=UTF-8\'\'b%20c.txt')).toBe(
      'b c.txt',
    );
    expect(filenameFromDisposition('attachment; filename="say \\"hi\\".txt"')).toBe('say "hi".txt');
    expect(filenameFromDisposition('attachment; filename=plain.rdp')).toBe('plain.rdp');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
