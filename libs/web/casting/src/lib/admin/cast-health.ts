import { CAST_HEALTH_REASONS, type CastConfig, type CastHealthReason } from '@caster/contracts';
import { castStatus } from './cast-status';

export interface HealthReasonMeta {
  /** The badge's word. */
  label: string;
  color: string;
  /** What is wrong and what to do about it, for the tooltip and the detail page. */
  todo: string;
}

export const HEALTH_REASON_META: Record<CastHealthReason, HealthReasonMeta> = {
  LINK_DISABLED: {
    label: 'Disabled',
    color: 'red',
    todo: 'The link is turned off and answers as if it did not exist. Edit it and turn on Enabled.',
  },
  EXPIRED: {
    label: 'Expired',
    color: 'gray',
    todo: 'Its Valid Until time has passed. Edit it and set a later time, or clear Valid Until.',
  },
  EXHAUSTED: {
    label: 'Exhausted',
    color: 'orange',
    todo: 'No sessions remain in its budget. Edit it and raise Sessions Remaining, or turn off Limit Total Sessions.',
  },
  CAPTCHA_NOT_CONFIGURED: {
    label: 'CAPTCHA not set up',
    color: 'red',
    todo: 'It requires a CAPTCHA, but no CAPTCHA keys are set on this server. Add the site key and secret key in Settings, or edit the link and turn off Require CAPTCHA.',
  },
  WORKSPACE_DISABLED: {
    label: 'Workspace disabled',
    color: 'red',
    todo: 'Its workspace is disabled or was deleted. Enable the workspace under Workspaces, or edit the link and pick another one.',
  },
  IMAGE_MISSING: {
    label: 'Image missing',
    color: 'red',
    todo: 'None of the Docker engines has the workspace’s image. Pull or build the image on an engine, or correct the image name in the workspace.',
  },
  NO_CAPACITY: {
    label: 'No capacity',
    color: 'orange',
    todo: 'Every session engine is full or unavailable. Stop sessions you no longer need, give the engines more capacity, or check the engines under /api/health.',
  },
  LINK_AT_CAPACITY: {
    label: 'At its limit',
    color: 'orange',
    todo: 'It already has as many live sessions as its Max Concurrent allows. Raise the limit, or wait for sessions to end.',
  },
};

const ORDER = new Map(CAST_HEALTH_REASONS.map((reason, i) => [reason, i]));

/**
 * Why the link refuses every visitor now: the reasons the API computed (`health`), plus what the
 * page sees for itself since (a Valid Until that passed while the page was open). Empty: it serves.
 */
export function healthReasons(
  config: Pick<CastConfig, 'enabled' | 'validUntil' | 'limitSessions' | 'sessionsRemaining' | 'health'>,
  now: number = Date.now(),
): CastHealthReason[] {
  const reasons = new Set<CastHealthReason>(config.health?.reasons ?? []);
  const local = castStatus(config, now);
  if (local === 'disabled') reasons.add('LINK_DISABLED');
  if (local === 'expired') reasons.add('EXPIRED');
  if (local === 'exhausted') reasons.add('EXHAUSTED');
  return [...reasons].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
}
