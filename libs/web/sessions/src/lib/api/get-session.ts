import { type SessionView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function sessionPath(id: string): string {
  return `/api/sessions/${encodeURIComponent(id)}`;
}

export function getSession(id: string, signal?: AbortSignal): Promise<SessionView> {
  return apiFetch<SessionView>(sessionPath(id), { signal });
}

export function sessionQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.sessions.detail(id),
    queryFn: ({ signal }) => getSession(id, signal),
    // The event stream says when the state moves; this only needs to be fresh when it is asked.
    staleTime: 0,
  });
}

export function useSession(id: string, options: { refetchInterval?: number | false } = {}) {
  return useQuery({ ...sessionQueryOptions(id), refetchInterval: options.refetchInterval ?? false });
}
