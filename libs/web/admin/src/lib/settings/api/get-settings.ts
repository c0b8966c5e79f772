import { type ServerSettings } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getServerSettings(signal?: AbortSignal): Promise<ServerSettings> {
  return apiFetch<ServerSettings>('/api/admin/settings', { signal });
}

export function serverSettingsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.admin.settings(),
    queryFn: ({ signal }) => getServerSettings(signal),
  });
}

export function useServerSettings() {
  return useQuery(serverSettingsQueryOptions());
}
