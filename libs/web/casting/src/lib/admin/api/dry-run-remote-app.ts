import { type RemoteAppDryRunRequest, type RemoteAppDryRunResult } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation } from '@tanstack/react-query';
import { CASTING_BASE } from './casting-paths';

/** What a cast would build from a sample link; changes nothing, so no query is invalidated. */
export function dryRunRemoteApp(body: RemoteAppDryRunRequest): Promise<RemoteAppDryRunResult> {
  return apiFetch<RemoteAppDryRunResult>(`${CASTING_BASE}/remote-app/dry-run`, { method: 'POST', body });
}

export function useDryRunRemoteApp() {
  return useMutation({ mutationFn: dryRunRemoteApp });
}
