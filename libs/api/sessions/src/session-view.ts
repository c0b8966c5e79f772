import type { SessionView } from '@caster/contracts';
import type { SessionOrigins } from '@caster/api/config';
import type { Session } from './state/sessions.repository';
import type { WorkspaceForLaunch } from './ports';

/**
 * The wire view of a session for its owner. Never the server a gateway session connects to: a
 * visitor learns no address, port or account of it (administrators see it in AdminSessionView).
 */
export function toSessionView(
  s: Session,
  workspace: Pick<WorkspaceForLaunch, 'name' | 'type' | 'url'> | null,
  shareId: string | null,
  origins: Pick<SessionOrigins, 'urlFor' | 'originFor'>,
  cast: { errorUrl: string | null } | null = null,
): SessionView {
  const type = workspace?.type ?? 'container';
  return {
    id: s.id,
    state: s.state,
    workspaceId: s.workspaceId,
    workspaceName: workspace?.name ?? '',
    workspaceType: type,
    userId: s.userId ?? '',
    createdAt: s.createdAt.toISOString(),
    // A staged session's started_at is set again when it is handed over (claimStaged).
    claimedAt: (s.stagingConfigId && s.userId && s.startedAt ? s.startedAt : s.createdAt).toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    expiresAt: s.expiresAt?.toISOString() ?? null,
    hardExpiresAt: s.hardExpiresAt?.toISOString() ?? null,
    clientSettings: s.clientSettings,
    flags: s.flags,
    viewerUrl: type === 'link' ? (s.kasmUrl ?? workspace?.url ?? '') : origins.urlFor(s.id),
    viewerOrigin: type === 'link' ? null : origins.originFor(s.id),
    failure: s.failureCode ? { code: s.failureCode, message: s.failureMessage ?? '' } : null,
    shareId,
    kasmUrl: s.kasmUrl,
    cast,
  };
}
