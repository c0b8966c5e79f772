import { type ClientSettings, type StagingConfigView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';

export interface StagingConfigInput {
  workspaceId: string;
  desiredSessions: number;
  expirationHours: number;
  clientSettings: ClientSettings;
}

/** Creates a pool, or replaces pool `id`. */
export function saveStagingConfig(input: StagingConfigInput, id?: string): Promise<StagingConfigView> {
  return id
    ? apiFetch<StagingConfigView>(`/api/admin/staging/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: input,
      })
    : apiFetch<StagingConfigView>('/api/admin/staging', { method: 'POST', body: input });
}

export function useSaveStagingConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, id }: { input: StagingConfigInput; id?: string }) => saveStagingConfig(input, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.staging.all }),
  });
}
