import { type CastConfig } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { castConfigPath } from './casting-paths';

export function getCastConfig(id: string, signal?: AbortSignal): Promise<CastConfig> {
  return apiFetch<CastConfig>(castConfigPath(id), { signal });
}

export function castConfigQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.casting.detail(id),
    queryFn: ({ signal }) => getCastConfig(id, signal),
    // Visitors spend the budget while nobody is looking: read it afresh whenever the page opens.
    staleTime: 0,
  });
}

export function useCastConfig(id: string) {
  return useQuery(castConfigQueryOptions(id));
}
