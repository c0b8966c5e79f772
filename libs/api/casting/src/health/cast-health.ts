import type { CastHealth, CastHealthReason } from '@caster/contracts';

/** What a link's health is decided from, gathered by CastHealthService. */
export interface CastHealthFacts {
  link: {
    enabled: boolean;
    validUntil: Date | null;
    limitSessions: boolean;
    sessionsRemaining: number | null;
    allowAnonymous: boolean;
    requireCaptcha: boolean;
    maxConcurrent: number | null;
  };
  /** Live sessions of this link now (for maxConcurrent). */
  liveSessions: number;
  captchaConfigured: boolean;
  /** null: the workspace no longer exists. */
  workspace: { enabled: boolean; type: string; image: string | null } | null;
  /** Container workspaces: some engine has its image. */
  imagePresent: boolean;
  /** Container workspaces: some engine of its provider has a free slot. */
  capacityFree: boolean;
}

/**
 * The reasons a link refuses every visitor now, in the order of CAST_HEALTH_REASONS; none: `ok`.
 * Only what refuses everyone counts (a per-IP limit or a referrer list refuses some visitors).
 */
export function castHealth(f: CastHealthFacts, now: Date = new Date()): CastHealth {
  const reasons: CastHealthReason[] = [];
  const { link } = f;
  if (!link.enabled) reasons.push('LINK_DISABLED');
  if (link.validUntil && link.validUntil.getTime() <= now.getTime()) reasons.push('EXPIRED');
  if (link.limitSessions && (link.sessionsRemaining ?? 0) <= 0) reasons.push('EXHAUSTED');
  if (link.allowAnonymous && link.requireCaptcha && !f.captchaConfigured)
    reasons.push('CAPTCHA_NOT_CONFIGURED');
  if (!f.workspace?.enabled) reasons.push('WORKSPACE_DISABLED');
  const container = f.workspace?.type === 'container';
  if (container && !f.imagePresent) reasons.push('IMAGE_MISSING');
  if (container && !f.capacityFree) reasons.push('NO_CAPACITY');
  if (link.maxConcurrent !== null && f.liveSessions >= link.maxConcurrent) reasons.push('LINK_AT_CAPACITY');
  return { status: reasons.length === 0 ? 'ok' : 'refusing', reasons };
}
