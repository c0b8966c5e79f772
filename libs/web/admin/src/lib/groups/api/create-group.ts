import { type CreateGroupRequest, type Group } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

export function createGroup(body: CreateGroupRequest): Promise<Group> {
  return apiFetch<Group>('/api/admin/groups', { method: 'POST', body });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createGroup, onSuccess: () => invalidateAdmin(queryClient) });
}
