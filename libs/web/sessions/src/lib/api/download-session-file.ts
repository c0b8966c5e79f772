import { apiFetchFile, type DownloadedFile } from '@caster/web/core';
import { useMutation } from '@tanstack/react-query';
import { sessionPath } from './get-session';

/** Copies one file out of the session's home directory. */
export function downloadSessionFile(id: string, path: string): Promise<DownloadedFile> {
  return apiFetchFile(`${sessionPath(id)}/files`, { query: { path } });
}

export function useDownloadSessionFile(id: string) {
  return useMutation({ mutationFn: (path: string) => downloadSessionFile(id, path) });
}
