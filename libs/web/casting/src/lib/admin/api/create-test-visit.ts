import { type CastTestVisit } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation } from '@tanstack/react-query';
import { castConfigPath } from './casting-paths';

/** `POST /api/admin/casting/:id/test-visit`: a token that marks this link's casts as tests for an hour. */
export function createTestVisit(id: string): Promise<CastTestVisit> {
  return apiFetch<CastTestVisit>(`${castConfigPath(id)}/test-visit`, { method: 'POST' });
}

export function useCreateTestVisit() {
  return useMutation({ mutationFn: createTestVisit });
}
