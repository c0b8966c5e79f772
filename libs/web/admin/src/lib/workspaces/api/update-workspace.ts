import { type UpdateWorkspaceRequest, type Workspace } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

/** PATCH: only the fields sent change; `server` is merged key by key (an omitted password stays). */
export function updateWorkspace(id: string, body: UpdateWorkspaceRequest): Promise<Workspace> {
  return apiFetch<Workspace>(`/api/admin/workspaces/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function useUpdateWorkspace(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkspaceRequest) => updateWorkspace(id, body),
    onSuccess: () => invalidateAdmin(queryClient),
  });
}
