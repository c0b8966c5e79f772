import { queryKeys } from '@caster/web/core';
import { type QueryClient } from '@tanstack/react-query';

/**
 * After any admin change: a user's groups show in the groups' member counts, a workspace's groups
 * in what the dashboard offers, so every admin list and the dashboard are refetched.
 */
export async function invalidateAdmin(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.admin.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.launchableWorkspaces() }),
  ]);
}
