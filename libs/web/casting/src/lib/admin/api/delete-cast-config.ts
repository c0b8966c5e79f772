import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { castConfigPath } from './casting-paths';

export function deleteCastConfig(id: string): Promise<void> {
  return apiFetch<void>(castConfigPath(id), { method: 'DELETE' });
}

export function useDeleteCastConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCastConfig,
    // Marked stale, not refetched: the page showing the deleted link is about to leave, and a
    // refetch now would only flash "not found" on it. The list refetches when it mounts.
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: queryKeys.admin.casting.all, refetchType: 'none' }),
  });
}
