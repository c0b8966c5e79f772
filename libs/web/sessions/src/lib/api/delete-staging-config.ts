import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';

export function deleteStagingConfig(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/staging/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteStagingConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteStagingConfig(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.staging.all }),
  });
}
