import type { ClientSettings } from './sessions';

/** One argument of a Remote App Configuration (snake_case, as Kasm documents it). */
export interface RemoteAppArg {
  url_param_name?: string;
  required?: boolean;
  argument_name?: string;
  value?: string;
  value_pattern?: string;
  /** Caster's addition: a visitor's value may start with / or - although no value_pattern checks it. */
  allow_switch?: boolean;
}

export interface RemoteAppConfig {
  remote_app_name: string;
  args?: RemoteAppArg[];
}

/** `/api/admin/casting` resource: one field per option of the Session Casting specification. */
export interface CastConfig {
  id: string;
  name: string;
  key: string;
  workspaceId: string;
  enabled: boolean;
  allowResume: boolean;
  allowAnonymous: boolean;
  requireCaptcha: boolean;
  anonymousGroupId: string | null;
  limitSessions: boolean;
  sessionsRemaining: number | null;
  /** At most this many live sessions from this link at once (null = no limit); over it: LINK_AT_CAPACITY. */
  maxConcurrent: number | null;
  limitIps: boolean;
  ipRequestLimit: number | null;
  ipRequestSeconds: number | null;
  kasmUrl: string | null;
  dynamicKasmUrl: boolean;
  dynamicDockerNetwork: boolean;
  errorUrl: string | null;
  disableControlPanel: boolean;
  disableTips: boolean;
  enableSharing: boolean;
  disableFixedResolution: boolean;
  allowedReferrers: string[];
  enforceClientSettings: boolean;
  clientSettings: ClientSettings;
  remoteAppConfig: RemoteAppConfig | null;
  validUntil: string | null;
  createdAt: string;
  updatedAt: string;
  /** Computed when read (never saved): whether the link can serve anyone right now. */
  health?: CastHealth;
}

/**
 * Why a casting link refuses every visitor right now, each a state the administrator can change:
 * turned off, past Valid Until, budget used up, CAPTCHA required but no CAPTCHA keys set,
 * workspace disabled (or deleted), its image on no engine, no engine with room or the link's own
 * concurrent limit reached.
 */
export const CAST_HEALTH_REASONS = [
  'LINK_DISABLED',
  'EXPIRED',
  'EXHAUSTED',
  'CAPTCHA_NOT_CONFIGURED',
  'WORKSPACE_DISABLED',
  'IMAGE_MISSING',
  'NO_CAPACITY',
  'LINK_AT_CAPACITY',
] as const;
export type CastHealthReason = (typeof CAST_HEALTH_REASONS)[number];

/** `ok` with no reasons, or `refusing` with every reason that applies (in the order above). */
export interface CastHealth {
  status: 'ok' | 'refusing';
  reasons: CastHealthReason[];
}

export type CastConfigInput = Omit<CastConfig, 'id' | 'createdAt' | 'updatedAt' | 'health'>;

/** GET /api/cast/:key */
export interface CastInfo {
  workspaceName: string;
  requiresCaptcha: boolean;
  captcha?: { provider: 'recaptcha' | 'turnstile' | 'hcaptcha'; siteKey: string; scriptUrl: string };
  requiresLogin: boolean;
  errorUrl: string | null;
}

/** POST /api/cast/:key */
export interface CastRequest {
  params?: Record<string, string>;
  referrer?: string;
  captchaToken?: string;
  /**
   * The `caster_test` query value of a link an administrator opened with "Open as a visitor"
   * (POST /api/admin/casting/:id/test-visit). A valid one marks the claim `test`; anything else is
   * ignored — it never changes what the visitor gets.
   */
  testToken?: string;
}

export interface CastResponse {
  sessionId: string;
  resumed: boolean;
  redirect: string;
  openUrl?: string;
  /** The new anonymous account's bearer token (also set as an HttpOnly cookie). */
  token?: string;
}

/** One entry of `GET /api/admin/casting/:id/claims`. */
/** `cast`: a POST /api/cast/:key; `check`: a refused GET /api/cast/:key (the page's first look). */
export type CastClaimStage = 'cast' | 'check';

export interface CastClaim {
  at: string;
  ip: string;
  outcome: string;
  userId: string | null;
  sessionId: string | null;
  stage: CastClaimStage;
  /** Made through "Open as a visitor" by an administrator (a test, not a real visitor). */
  test: boolean;
}

/** The query parameter "Open as a visitor" adds to the link; the visitor page sends it as `testToken`. */
export const CAST_TEST_PARAM = 'caster_test';

/** `POST /api/admin/casting/:id/test-visit`: a test token for "Open as a visitor". */
export interface CastTestVisit {
  /** Put in the link's query as `caster_test=<token>`. */
  token: string;
  expiresAt: string;
}

/**
 * `POST /api/admin/casting/remote-app/dry-run`: a Remote App Configuration (a saved link's, by
 * `castConfigId`, or a draft) against a sample casting link or query string.
 */
export interface RemoteAppDryRunRequest {
  castConfigId?: string;
  remoteAppConfig?: RemoteAppConfig;
  url: string;
}

/** What a cast with that link would put in the RDP connection, or (as 400) the visitor's error. */
export interface RemoteAppDryRunResult {
  /** The URL parameters read from the sample, as the cast page would send them. */
  params: Record<string, string>;
  'remote-app': string;
  'remote-app-args': string;
}
