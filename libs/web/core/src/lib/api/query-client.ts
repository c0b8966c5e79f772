import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error';

declare module '@tanstack/react-query' {
  // apiFetch only ever rejects with ApiError, so screens can read `error.code` without narrowing.
  interface Register {
    defaultError: ApiError;
  }
}

const MAX_RETRIES = 2;

/** A 4xx will not change by asking again; only retry what may be transient. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
