import { type LaunchSessionRequest, type SessionView } from '@caster/contracts';
import { apiFetch } from '@caster/web/core';
import { useMutation } from '@tanstack/react-query';

/** `POST /api/sessions`: a signed-in user starts a session from the dashboard. */
export function launchSession(body: LaunchSessionRequest): Promise<SessionView> {
  return apiFetch<SessionView>('/api/sessions', { method: 'POST', body });
}

export function useLaunchSession() {
  return useMutation({ mutationFn: launchSession });
}
