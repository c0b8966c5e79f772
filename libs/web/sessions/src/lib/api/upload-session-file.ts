import { apiFetch } from '@caster/web/core';
import { useMutation } from '@tanstack/react-query';
import { sessionPath } from './get-session';

export interface UploadedFile {
  /** Where the file landed, inside the session's home directory. */
  path: string;
  size: number;
}

/** Copies one file into the session's home directory (or `folder` inside it). */
export function uploadSessionFile(id: string, file: File, folder?: string): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  return apiFetch<UploadedFile>(`${sessionPath(id)}/files`, {
    method: 'POST',
    body,
    query: { path: folder?.trim() ? folder.trim() : undefined },
  });
}

export function useUploadSessionFile(id: string) {
  return useMutation({
    mutationFn: ({ file, folder }: { file: File; folder?: string }) => uploadSessionFile(id, file, folder),
  });
}
