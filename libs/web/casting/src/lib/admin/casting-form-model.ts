import { type ClientSettings } from '@caster/contracts';

/** What the casting form edits, field by field (casting-form-values.ts converts it to and from the API). */
export interface CastingFormValues {
  // Basics
  name: string;
  key: string;
  workspaceId: string | null;
  enabled: boolean;
  // Access
  allowAnonymous: boolean;
  requireCaptcha: boolean;
  anonymousGroupId: string | null;
  allowResume: boolean;
  /** One domain per line. */
  allowedReferrers: string;
  // Limits
  limitSessions: boolean;
  sessionsRemaining: number | '';
  /** Empty: no limit. */
  maxConcurrent: number | '';
  limitIps: boolean;
  ipRequestLimit: number | '';
  ipRequestSeconds: number | '';
  // Validity: a `datetime-local` value in the administrator's time zone, '' = no end.
  validUntil: string;
  // Session
  kasmUrl: string;
  dynamicKasmUrl: boolean;
  dynamicDockerNetwork: boolean;
  errorUrl: string;
  disableControlPanel: boolean;
  disableTips: boolean;
  enableSharing: boolean;
  disableFixedResolution: boolean;
  // Client settings
  enforceClientSettings: boolean;
  clientSettings: ClientSettings;
  // Remote app: JSON text, '' = none.
  remoteAppConfig: string;
}
