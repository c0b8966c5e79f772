import { type Me } from '@caster/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';
import { apiFetch } from '../api/api-fetch';
import { queryKeys } from '../api/query-keys';

/** `null` means "not signed in": a normal state, not an error, for a page that works either way. */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await apiFetch<Me>('/api/auth/me', { signal, authRedirect: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.auth.me(),
    queryFn: ({ signal }) => getMe(signal),
    // The cookie outlives any one page view; refetching on focus catches a sign-out in another tab.
    staleTime: 60_000,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}
