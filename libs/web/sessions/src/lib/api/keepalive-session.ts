import { type SessionView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionPath } from './get-session';

export interface KeepaliveResponse {
  expiresAt: string;
}

/** Pushes the session's keepalive expiry forward by the group's `keepalive_expiration`. */
export function keepaliveSession(id: string): Promise<KeepaliveResponse> {
  return apiFetch<KeepaliveResponse>(`${sessionPath(id)}/keepalive`, { method: 'POST' });
}

export function useKeepaliveSession(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => keepaliveSession(id),
    onSuccess: ({ expiresAt }) =>
      queryClient.setQueryData<SessionView>(queryKeys.sessions.detail(id), (old) =>
        old ? { ...old, expiresAt } : old,
      ),
  });
}
