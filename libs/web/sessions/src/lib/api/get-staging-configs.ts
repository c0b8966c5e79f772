import { type Page, type StagingConfigView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

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
