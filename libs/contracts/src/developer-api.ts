import type { ClientSettings, SessionFlags, SessionState } from './sessions';

/**
 * Permissions an API key may hold: Kasm's catalogue, in snake_case. A new key holds none.
 * `global_admin` implies every other one. Acting for a user (request_kasm, get_kasm_status,
 * destroy_kasm, keepalive, join_kasm) needs both `user` and `users_auth_session`.
 */
export const API_KEY_PERMISSIONS = [
  'global_admin',
  'user',
  'users_auth_session',
  'users_view',
  'users_create',
  'users_modify',
  'users_delete',
  'groups_view',
  'groups_modify',
  'images_view',
  'images_modify',
  'sessions_view',
  'sessions_modify',
  'sessions_delete',
  'casting_view',
  'casting_create',
  'casting_modify',
  'casting_delete',
  'staging_view',
  'staging_modify',
  'settings_view',
  'settings_modify',
] as const;

export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];

export function isApiKeyPermission(value: unknown): value is ApiKeyPermission {
  return typeof value === 'string' && (API_KEY_PERMISSIONS as readonly string[]).includes(value);
}

/** `/api/admin/api-keys` resource. The secret is answered once, by the create call only. */
export interface ApiKey {
  id: string;
  name: string;
  /** The public half of the credentials (`api_key`). */
  key: string;
  permissions: ApiKeyPermission[];
  /** A read-only key may only call the `get_*` endpoints, whatever its permissions. */
  readOnly: boolean;
  /** null: never expires. */
  expiresAt: string | null;
  enabled: boolean;
  lastUsedAt: string | null;
  createdAt: string;
}

/** POST /api/admin/api-keys answers the key with its secret (`api_key_secret`), this one time only. */
export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface CreateApiKeyRequest {
  name: string;
  permissions?: ApiKeyPermission[];
  readOnly?: boolean;
  expiresAt?: string | null;
  enabled?: boolean;
}

/** PATCH (or PUT, same meaning) /api/admin/api-keys/:id: only the fields sent change. */
export type UpdateApiKeyRequest = Partial<CreateApiKeyRequest>;

/*
 * The connect path: the `kasm_url` that request_kasm, get_kasm_status and join_kasm answer is
 * `/#/connect/<kasm_id>?token=<session_token>`. The SPA trades the token for cookies with
 * POST /api/connect, then reads the session with GET /api/connect/<sessionId>.
 */

/** POST /api/connect (snake_case like the Developer API that hands out the values). */
export interface ConnectRequest {
  /** The session id, 32 hex digits or a dashed UUID. */
  kasm_id: string;
  /** The `session_token` of the connect URL. */
  token: string;
}

/** What the viewer of a connect link needs: POST /api/connect and GET /api/connect/:sessionId. */
export interface ConnectView {
  /** Dashed UUID: the id to use in /api/connect/<sessionId>. */
  sessionId: string;
  state: SessionState;
  /** A view-only holder sees the session but sends no input, and cannot keep it alive or stop it. */
  viewOnly: boolean;
  workspaceName: string;
  workspaceType: 'container' | 'server' | 'pool' | 'link';
  /** Where to frame the session (its own origin, `http://<id>.localhost:3000/`), or the link workspace's URL. */
  viewerUrl: string;
  expiresAt: string | null;
  hardExpiresAt: string | null;
  clientSettings: ClientSettings;
  flags: SessionFlags;
  failure: { code: string; message: string } | null;
}

/** POST /api/connect: the view plus a single-use entry link into the session's own origin. */
export interface ConnectEntryView extends ConnectView {
  /** Open in the viewer's frame within a minute; it works once (POST /api/connect/:id/enter for another). */
  enterUrl: string;
  origin: string;
  /** When `enterUrl` expires (`expiresAt` stays the session's keepalive expiry). */
  enterExpiresAt: string;
}

/** POST /api/connect/:sessionId/keepalive */
export interface ConnectKeepaliveResponse {
  expiresAt: string;
}

/* ---- Kasm-compatible Developer API (`POST /api/public/<name>`), Kasm's snake_case names ---- */

/** Kasm's words for a session's state. */
export type KasmOperationalStatus =
  'requested' | 'provisioning' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/** Every failure under /api/public: HTTP 400, 401, 403 or 404 (500/503 for faults on our side). */
export interface KasmErrorBody {
  error_message: string;
}

/** A session ("kasm") as get_kasm_status and get_kasms describe it. Ids are 32 hex digits. */
export interface KasmSession {
  kasm_id: string;
  user_id: string | null;
  username: string | null;
  image_id: string;
  share_id: string | null;
  operational_status: KasmOperationalStatus;
  operational_message: string;
  /** 0–100. */
  operational_progress: number;
  start_date: string | null;
  created_date: string;
  expiration_date: string | null;
  hard_expiration_date: string | null;
  image: { image_id: string; friendly_name: string; name: string | null; image_type: string };
  client_settings: KasmClientSettings;
}

/** Client settings in Kasm's group-setting names. */
export interface KasmClientSettings {
  allow_kasm_audio: boolean;
  kasm_audio_default_on: boolean;
  allow_kasm_downloads: boolean;
  allow_kasm_uploads: boolean;
  allow_kasm_clipboard_down: boolean;
  allow_kasm_clipboard_up: boolean;
  allow_kasm_microphone: boolean;
  allow_kasm_gamepad: boolean;
  allow_kasm_sharing: boolean;
  kasm_ime_mode_default_on: boolean;
}

export interface KasmRequestKasmResponse {
  kasm_id: string;
  status: KasmOperationalStatus;
  share_id: string | null;
  user_id: string;
  username: string;
  session_token: string;
  kasm_url: string;
}

export interface KasmStatusResponse {
  current_time: string;
  kasm: KasmSession;
  /** The connect URL; null once the session has ended. */
  kasm_url: string | null;
}

export interface KasmUserGroup {
  name: string;
  group_id: string;
}

export interface KasmUser {
  user_id: string;
  username: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  organization: string | null;
  notes: string | null;
  realm: 'local';
  locked: boolean;
  disabled: boolean;
  anonymous: boolean;
  last_session: string | null;
  created: string;
  groups: KasmUserGroup[];
}

export interface KasmImage {
  image_id: string;
  friendly_name: string;
  name: string | null;
  description: string;
  image_type: 'Container' | 'Server' | 'Server Pool' | 'Link';
  enabled: boolean;
  available: boolean;
  cores: number | null;
  /** Bytes (memoryMb × 1,000,000, the way Kasm counts). */
  memory: number | null;
}

/** A casting link in Kasm's field names. */
export interface KasmCastConfig extends KasmClientSettings {
  cast_config_id: string;
  casting_config_name: string;
  key: string;
  image_id: string;
  enabled: boolean;
  allow_resume: boolean;
  allow_anonymous: boolean;
  require_recaptcha: boolean;
  group_id: string | null;
  limit_sessions: boolean;
  session_remaining: number | null;
  /** Caster's own (no Kasm equivalent): the link's most live sessions at once; null = no limit. */
  max_concurrent: number | null;
  limit_ips: boolean;
  ip_request_limit: number | null;
  ip_request_seconds: number | null;
  kasm_url: string | null;
  dynamic_kasm_url: boolean;
  dynamic_docker_network: boolean;
  error_url: string | null;
  disable_control_panel: boolean;
  disable_tips: boolean;
  enable_sharing: boolean;
  disable_fixed_res: boolean;
  allowed_referrers: string[];
  enforce_client_settings: boolean;
  remote_app_configs: Record<string, unknown> | null;
  valid_until: string | null;
}
