import { queryKeys } from '@caster/web/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';

export const CASTING_BASE = '/api/admin/casting';

export const castConfigPath = (id: string) => `${CASTING_BASE}/${encodeURIComponent(id)}`;

/** A change to one link shows in the list, its page and its audit: every casting query refetches. */
export function useCastingMutation<TArgs, TResult>(mutationFn: (args: TArgs) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.casting.all }),
  });
}
