import {
  type ApiKey,
  type CreateApiKeyRequest,
  type CreatedApiKey,
  type Page,
  type PageQuery,
  type UpdateApiKeyRequest,
} from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { invalidateAdmin } from '../../shared/invalidate';

const BASE = '/api/admin/api-keys';

/** Under `admin`, so invalidateAdmin refreshes them with every other admin list. */
export const apiKeyKeys = {
  list: (query: PageQuery) => ['admin', 'api-keys', 'list', query] as const,
};

export function getApiKeys(query: PageQuery, signal?: AbortSignal): Promise<Page<ApiKey>> {
  return apiFetch<Page<ApiKey>>(BASE, { query: { ...query }, signal });
}

export function useApiKeys(query: PageQuery) {
  return useQuery({
    queryKey: apiKeyKeys.list(query),
    queryFn: ({ signal }) => getApiKeys(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The answer carries the secret: this is the only time it is ever sent. */
export function createApiKey(body: CreateApiKeyRequest): Promise<CreatedApiKey> {
  return apiFetch<CreatedApiKey>(BASE, { method: 'POST', body });
}

export function updateApiKey(id: string, body: UpdateApiKeyRequest): Promise<ApiKey> {
  return apiFetch<ApiKey>(`${BASE}/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteApiKey(id: string): Promise<void> {
  return apiFetch<void>(`${BASE}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createApiKey, onSuccess: () => invalidateAdmin(queryClient) });
}

export function useUpdateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateApiKeyRequest }) => updateApiKey(id, body),
    onSuccess: () => invalidateAdmin(queryClient),
  });
}

export function useDeleteApiKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteApiKey, onSuccess: () => invalidateAdmin(queryClient) });
}
