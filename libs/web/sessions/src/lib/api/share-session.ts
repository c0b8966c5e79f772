import { type SessionView, type ShareView } from '@caster/contracts';
import { apiFetch, queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionPath } from './get-session';

/** Starts sharing: answers the view-only link `#/share/<shareId>` (the same one while it lasts). */
export function shareSession(id: string): Promise<ShareView> {
  return apiFetch<ShareView>(`${sessionPath(id)}/share`, { method: 'POST' });
}

/** Stops sharing; everyone who joined through the link loses access at once. */
export function unshareSession(id: string): Promise<void> {
  return apiFetch<void>(`${sessionPath(id)}/share`, { method: 'DELETE' });
}

function useUpdateShare(id: string) {
  const queryClient = useQueryClient();
  return (shareId: string | null) =>
    queryClient.setQueryData<SessionView>(queryKeys.sessions.detail(id), (old) =>
      old ? { ...old, shareId, flags: { ...old.flags, sharing: shareId !== null } } : old,
    );
}

export function useShareSession(id: string) {
  const update = useUpdateShare(id);
  return useMutation({ mutationFn: () => shareSession(id), onSuccess: (share) => update(share.shareId) });
}

export function useUnshareSession(id: string) {
  const update = useUpdateShare(id);
  return useMutation({ mutationFn: () => unshareSession(id), onSuccess: () => update(null) });
}
