import { CSRF_HEADER } from '@caster/contracts';
import { ApiError, fallbackCode, parseErrorBody, parseRetryAfter } from './api-error';

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Serialised as JSON; FormData passes through untouched (file uploads). */
  body?: unknown;
  /** `null`/`undefined` values are left out so callers can pass optional filters as they are. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /**
   * Set to false where a 401 is an expected answer rather than an expired sign-in (`/me`
   * probing, logout, a cast page's CAPTCHA_REQUIRED), so the app does not bounce to `#/login`.
   */
  authRedirect?: boolean;
}

export type UnauthenticatedHandler = (error: ApiError) => void;

// Module-level because there is exactly one router per page; core must not import it.
let unauthenticatedHandler: UnauthenticatedHandler | undefined;

/** Registers what happens when the API says the sign-in is gone; returns the unregister function. */
export function onUnauthenticated(handler: UnauthenticatedHandler): () => void {
  unauthenticatedHandler = handler;
  return () => {
    if (unauthenticatedHandler === handler) unauthenticatedHandler = undefined;
  };
}

const LOGIN_PATH = '/api/auth/login';

/**
 * The SPA's one HTTP client. Authentication rides on the API's HttpOnly cookie, so no token is
 * ever held in JS; the CSRF header goes on every request because a cross-site form cannot set it.
 */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({
      status: response.status,
      code: 'INTERNAL',
      message: 'The server answered with something that is not JSON',
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
  }
}

export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition`, when the server named the file. */
  filename: string | null;
}

/**
 * The same client for endpoints that answer a file (a session download, an `.rdp` file): errors
 * still arrive as coded JSON, so a refused download reads like any other refusal.
 */
export async function apiFetchFile(path: string, options: ApiFetchOptions = {}): Promise<DownloadedFile> {
  const response = await send(path, options, '*/*');
  return {
    blob: await response.blob(),
    filename: filenameFromDisposition(response.headers.get('content-disposition')),
  };
}

async function send(path: string, options: ApiFetchOptions, accept: string): Promise<Response> {
  const { method = 'GET', body, query, signal, authRedirect = true } = options;
  const headers: Record<string, string> = { Accept: accept, [CSRF_HEADER]: '1' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: payload,
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    // react-query treats an aborted request as a cancellation, not a failure; keep it recognisable.
    if (signal?.aborted) throw error;
    throw new ApiError({
      status: 0,
      code: 'SERVICE_UNAVAILABLE',
      message: error instanceof Error ? error.message : 'Network request failed',
    });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && authRedirect && stripQuery(path) !== LOGIN_PATH) {
      unauthenticatedHandler?.(error);
    }
    throw error;
  }
  return response;
}

/** `attachment; filename="a b.txt"` or RFC 5987 `filename*=UTF-8''a%20b.txt` (which wins). */
export function filenameFromDisposition(value: string | null): string | null {
  if (!value) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(value);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  return name ? name : null;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const parsed = parseErrorBody(body);
  const headerRetry = parseRetryAfter(response.headers.get('retry-after'));
  const headerRequestId = response.headers.get('x-request-id') ?? undefined;
  if (!parsed) {
    return new ApiError({
      status: response.status,
      code: fallbackCode(response.status),
      message: `HTTP ${response.status} ${response.statusText}`.trim(),
      requestId: headerRequestId,
      retryAfterSeconds: headerRetry,
    });
  }
  const detailRetry = parsed.details?.retryAfterSeconds;
  return new ApiError({
    status: response.status,
    code: parsed.code,
    message: parsed.message,
    details: parsed.details,
    requestId: parsed.requestId ?? headerRequestId,
    retryAfterSeconds: typeof detailRetry === 'number' ? detailRetry : headerRetry,
  });
}

function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const qs = params.toString();
  if (qs === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

function stripQuery(path: string): string {
  const i = path.indexOf('?');
  return i === -1 ? path : path.slice(0, i);
}
