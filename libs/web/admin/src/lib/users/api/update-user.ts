import { type AdminUser, type UpdateUserRequest } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

/** PATCH: only the fields sent change (an omitted password stays as it is). */
export function updateUser(id: string, body: UpdateUserRequest): Promise<AdminUser> {
  return apiFetch<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserRequest) => updateUser(id, body),
    onSuccess: () => invalidateAdmin(queryClient),
  });
}
