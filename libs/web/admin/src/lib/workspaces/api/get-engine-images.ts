import { type EngineImagesResponse } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';

export function getEngineImages(signal?: AbortSignal) {
  return apiFetch<EngineImagesResponse>('/api/admin/engines/images', { signal });
}

/** The images on each engine; kept a little while (asking lists every image of every engine). */
export function useEngineImages() {
  return useQuery({
    queryKey: queryKeys.admin.engineImages(),
    queryFn: ({ signal }) => getEngineImages(signal),
    staleTime: 15_000,
  });
}
