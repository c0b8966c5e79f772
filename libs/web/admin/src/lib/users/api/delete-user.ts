import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

export interface DeleteUserInput {
  id: string;
  /** Stop the user's running sessions first instead of refusing with USER_HAS_SESSIONS. */
  force?: boolean;
}

export function deleteUser({ id, force = false }: DeleteUserInput): Promise<void> {
  return apiFetch<void>(`/api/admin/users/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    query: { force: force ? 'true' : undefined },
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteUser, onSuccess: () => invalidateAdmin(queryClient) });
}
