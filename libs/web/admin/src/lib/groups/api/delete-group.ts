import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

export function deleteGroup(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/groups/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useDeleteGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteGroup, onSuccess: () => invalidateAdmin(queryClient) });
}
