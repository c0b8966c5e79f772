import type { SessionState } from './sessions';

/** `GET /api/admin/overview?hours=`: the window it covers, in hours. */
export const OVERVIEW_HOURS = { min: 1, max: 720, default: 24 } as const;

/** Sessions that are not over, as the overview and the `caster_sessions` gauge count them. */
export const LIVE_SESSION_STATES = [
  'staged',
  'provisioning',
  'starting',
  'running',
  'stopping',
] as const satisfies readonly SessionState[];
export type LiveSessionState = (typeof LIVE_SESSION_STATES)[number];

export interface OverviewQuery {
  hours?: number;
}

/** Cast requests that started in one bucket, by outcome ("ok" or a refusal code). */
export interface OverviewCastBucket {
  /** Start of the bucket (ISO 8601, UTC). */
  start: string;
  /** Every outcome of the window is present, 0 when none. */
  counts: Record<string, number>;
}

/** One staging pool: warm sessions ready to hand out against the target. */
export interface OverviewPool {
  id: string;
  workspaceId: string;
  workspaceName: string;
  ready: number;
  /** Warm sessions still provisioning or starting. */
  starting: number;
  target: number;
}

/** A casting link that refused requests in the window. */
export interface OverviewRefusingLink {
  id: string;
  name: string;
  key: string;
  refusals: number;
  /** Refusal code → count. */
  byReason: Record<string, number>;
}

export interface AdminOverview {
  generatedAt: string;
  window: {
    hours: number;
    from: string;
    to: string;
    /** Width of one bucket of `casts.buckets`. */
    bucketSeconds: number;
  };
  casts: {
    /** "ok" first, then refusal codes alphabetically. */
    outcomes: string[];
    /** Oldest first, contiguous (empty buckets included). */
    buckets: OverviewCastBucket[];
    /** Outcome → count over the whole window. */
    totals: Record<string, number>;
  };
  sessions: {
    /** Sessions holding resources now (provisioning, starting, running, stopping). */
    active: number;
    /** Every non-terminal state (staged included), 0 when none. */
    byState: Record<LiveSessionState, number>;
  };
  pools: OverviewPool[];
  /** At most 10, most refusals first. */
  topRefusingLinks: OverviewRefusingLink[];
}

/** The getting-started checklist's steps, in the order an administrator takes them. */
export const GETTING_STARTED_STEPS = ['image', 'workspace', 'link', 'tried'] as const;
export type GettingStartedStepId = (typeof GETTING_STARTED_STEPS)[number];

export interface GettingStartedStep {
  id: GettingStartedStepId;
  done: boolean;
  /**
   * What was found: `image` the first image present on an engine; `workspace` the id of a
   * workspace whose image is present (else any workspace); `link` the id of a casting link;
   * `tried` the id of the link that last answered "ok".
   */
  ref?: string;
}

/** `GET /api/admin/overview/getting-started`: the checklist, ticked off from what exists. */
export interface GettingStarted {
  steps: GettingStartedStep[];
  /** Every step done. */
  complete: boolean;
}
