import { type CastClaim } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { castConfigPath } from './casting-paths';

export function getCastClaims(id: string, signal?: AbortSignal): Promise<CastClaim[]> {
  return apiFetch<CastClaim[]>(`${castConfigPath(id)}/claims`, { signal });
}

export function castClaimsQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.casting.claims(id),
    queryFn: ({ signal }) => getCastClaims(id, signal),
    // The audit grows with every visitor: read afresh whenever the page opens, and refreshed
    // gently while it stays open.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useCastClaims(id: string) {
  return useQuery(castClaimsQueryOptions(id));
}
