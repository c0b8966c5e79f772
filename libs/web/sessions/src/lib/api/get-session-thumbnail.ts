import { apiFetchFile, queryKeys } from '@caster/web/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** How often a shown thumbnail is asked for again (the API answers from its cache meanwhile). */
export const THUMBNAIL_REFRESH_MS = 5_000;

export async function getSessionThumbnail(id: string, signal?: AbortSignal): Promise<Blob> {
  const file = await apiFetchFile(`/api/admin/sessions/${encodeURIComponent(id)}/thumbnail`, {
    signal,
    authRedirect: false,
  });
  return file.blob;
}

/** An object URL of the session's latest thumbnail, refreshed every few seconds while `enabled`. */
export function useSessionThumbnail(id: string, enabled: boolean) {
  const query = useQuery({
    queryKey: queryKeys.admin.sessions.thumbnail(id),
    queryFn: ({ signal }) => getSessionThumbnail(id, signal),
    enabled,
    refetchInterval: enabled ? THUMBNAIL_REFRESH_MS : false,
    retry: false,
    staleTime: 0,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!query.data) return;
    const next = URL.createObjectURL(query.data);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [query.data]);
  return { url: query.data ? url : null, error: query.error, isPending: query.isPending && enabled };
}
