import { type CastConfig, type Page, type SortOrder } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { CASTING_BASE } from './casting-paths';

/** The list endpoint takes exactly these (unknown query fields are refused). */
export interface CastingListQuery {
  page: number;
  pageSize: number;
  q?: string;
  /** By name; ascending when absent. */
  order?: SortOrder;
}

export function getCastingList(query: CastingListQuery, signal?: AbortSignal): Promise<Page<CastConfig>> {
  return apiFetch<Page<CastConfig>>(CASTING_BASE, { query: { ...query }, signal });
}

export function castingListQueryOptions(query: CastingListQuery) {
  return queryOptions({
    queryKey: queryKeys.admin.casting.list(query),
    queryFn: ({ signal }) => getCastingList(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCastingList(query: CastingListQuery) {
  return useQuery(castingListQueryOptions(query));
}
