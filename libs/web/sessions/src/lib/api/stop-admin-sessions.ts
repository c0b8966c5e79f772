import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';

/** Stops a session and removes its container. */
export function stopAdminSession(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export interface StopManyResult {
  stopped: string[];
  failed: { id: string; error: unknown }[];
}

/** Stops each in parallel; one refusal does not keep the others running. */
export async function stopAdminSessions(ids: readonly string[]): Promise<StopManyResult> {
  const results = await Promise.allSettled(ids.map((id) => stopAdminSession(id)));
  const result: StopManyResult = { stopped: [], failed: [] };
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') result.stopped.push(ids[i]);
    else result.failed.push({ id: ids[i], error: r.reason });
  });
  return result;
}

export function useStopAdminSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: readonly string[]) => stopAdminSessions(ids),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.sessions.all }),
  });
}
