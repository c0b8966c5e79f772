import { type Group, type UpdateGroupRequest } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

/** PATCH: only the fields sent change; settings, userIds and workspaceIds are replaced whole. */
export function updateGroup(id: string, body: UpdateGroupRequest): Promise<Group> {
  return apiFetch<Group>(`/api/admin/groups/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function useUpdateGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGroupRequest) => updateGroup(id, body),
    onSuccess: () => invalidateAdmin(queryClient),
  });
}
