import { type CastClaim, type CastConfig, type CastConfigInput, type Page } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

const BASE = '/api/admin/casting';

/** What the form sends: every option; the key may be left out on create (the API makes one). */
export type CastConfigBody = Omit<CastConfigInput, 'key'> & { key?: string };

/** The list endpoint takes exactly these (unknown query fields are refused). */
export interface CastingListQuery {
  page: number;
  pageSize: number;
  q?: string;
}

const byId = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export function castingListQueryOptions(query: CastingListQuery) {
  return queryOptions({
    queryKey: queryKeys.admin.casting.list(query),
    queryFn: ({ signal }) => apiFetch<Page<CastConfig>>(BASE, { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCastingList(query: CastingListQuery) {
  return useQuery(castingListQueryOptions(query));
}

export function castConfigQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.admin.casting.detail(id),
    queryFn: ({ signal }) => apiFetch<CastConfig>(byId(id), { signal }),
    // Visitors spend the budget while nobody is looking: read it afresh whenever the page opens.
    staleTime: 0,
  });
}

export function useCastConfig(id: string) {
  return useQuery(castConfigQueryOptions(id));
}

export function useCastClaims(id: string) {
  return useQuery({
    queryKey: queryKeys.admin.casting.claims(id),
    queryFn: ({ signal }) => apiFetch<CastClaim[]>(`${byId(id)}/claims`, { signal }),
    // The audit grows with every visitor: read afresh whenever the page opens, and refreshed
    // gently while it stays open.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

function useCastingMutation<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.casting.all }),
  });
}

export function useCreateCastConfig() {
  return useCastingMutation((body: CastConfigBody) => apiFetch<CastConfig>(BASE, { method: 'POST', body }));
}

export function useUpdateCastConfig(id: string) {
  return useCastingMutation((body: Partial<CastConfigBody>) =>
    apiFetch<CastConfig>(byId(id), { method: 'PUT', body }),
  );
}

export function useDeleteCastConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(byId(id), { method: 'DELETE' }),
    // Marked stale, not refetched: the page showing the deleted link is about to leave, and a
    // refetch now would only flash "not found" on it. The list refetches when it mounts.
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: queryKeys.admin.casting.all, refetchType: 'none' }),
  });
}

export function useRotateCastKey() {
  return useCastingMutation((id: string) =>
    apiFetch<CastConfig>(`${byId(id)}/rotate-key`, { method: 'POST' }),
  );
}
