import { type EffectiveSettings } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';

export function getEffectiveSettings(userId: string, signal?: AbortSignal): Promise<EffectiveSettings> {
  return apiFetch<EffectiveSettings>(`/api/admin/users/${encodeURIComponent(userId)}/effective-settings`, {
    signal,
  });
}

export function effectiveSettingsQueryOptions(userId: string) {
  return queryOptions({
    queryKey: queryKeys.admin.users.effectiveSettings(userId),
    queryFn: ({ signal }) => getEffectiveSettings(userId, signal),
  });
}

/** Nothing is fetched until a user is chosen. */
export function useEffectiveSettings(userId: string | null) {
  return useQuery({ ...effectiveSettingsQueryOptions(userId ?? ''), enabled: userId !== null });
}
