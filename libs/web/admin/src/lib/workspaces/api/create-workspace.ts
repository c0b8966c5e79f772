import { type CreateWorkspaceRequest, type Workspace } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

export function createWorkspace(body: CreateWorkspaceRequest): Promise<Workspace> {
  return apiFetch<Workspace>('/api/admin/workspaces', { method: 'POST', body });
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createWorkspace, onSuccess: () => invalidateAdmin(queryClient) });
}
