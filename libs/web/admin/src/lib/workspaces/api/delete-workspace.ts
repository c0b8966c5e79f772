import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

export function deleteWorkspace(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/workspaces/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteWorkspace, onSuccess: () => invalidateAdmin(queryClient) });
}
