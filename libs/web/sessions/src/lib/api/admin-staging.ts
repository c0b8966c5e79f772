import { type ClientSettings, type Page, type StagingConfigView, type Workspace } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

export interface StagingConfigInput {
  workspaceId: string;
  desiredSessions: number;
  expirationHours: number;
  clientSettings: ClientSettings;
}

export function listStagingConfigs(signal?: AbortSignal) {
  return apiFetch<Page<StagingConfigView>>('/api/admin/staging', { signal });
}

export function useStagingConfigs() {
  return useQuery({
    queryKey: queryKeys.admin.staging.list(),
    queryFn: ({ signal }) => listStagingConfigs(signal),
    // `ready` moves as warm sessions start and are claimed.
    refetchInterval: 10_000,
  });
}

export function saveStagingConfig(input: StagingConfigInput, id?: string): Promise<StagingConfigView> {
  return id
    ? apiFetch<StagingConfigView>(`/api/admin/staging/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: input,
      })
    : apiFetch<StagingConfigView>('/api/admin/staging', { method: 'POST', body: input });
}

export function deleteStagingConfig(id: string): Promise<void> {
  return apiFetch<void>(`/api/admin/staging/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useSaveStagingConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, id }: { input: StagingConfigInput; id?: string }) => saveStagingConfig(input, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.staging.all }),
  });
}

export function useDeleteStagingConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteStagingConfig(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.staging.all }),
  });
}

/** Staging keeps container sessions warm, so only container workspaces can have a pool. */
const CONTAINER_WORKSPACES_QUERY = { pageSize: 100, type: 'container' } as const;

export function listContainerWorkspaces(signal?: AbortSignal) {
  return apiFetch<Page<Workspace>>('/api/admin/workspaces', { signal, query: CONTAINER_WORKSPACES_QUERY });
}

export function useContainerWorkspaces() {
  return useQuery({
    queryKey: queryKeys.admin.workspaces.list(CONTAINER_WORKSPACES_QUERY),
    queryFn: ({ signal }) => listContainerWorkspaces(signal),
    select: (page) => page.items.filter((w) => w.type === 'container'),
  });
}
