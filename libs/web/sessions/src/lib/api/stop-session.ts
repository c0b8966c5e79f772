import { type SessionView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionPath } from './get-session';

/** Stops the session and removes its container. */
export function stopSession(id: string): Promise<void> {
  return apiFetch<void>(sessionPath(id), { method: 'DELETE' });
}

export function useStopSession(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => stopSession(id),
    onSuccess: () => {
      queryClient.setQueryData<SessionView>(queryKeys.sessions.detail(id), (old) =>
        old ? { ...old, state: 'stopped' } : old,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions.list() });
    },
  });
}
