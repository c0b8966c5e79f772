/** Session lifecycle (DESIGN.md, "Sessions"). */
export type SessionState =
  'staged' | 'provisioning' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';
export const SESSION_STATES: readonly SessionState[] = [
  'staged',
  'provisioning',
  'starting',
  'running',
  'stopping',
  'stopped',
  'failed',
];
/** States in which a session counts against limits and holds resources. */
export const ACTIVE_SESSION_STATES: readonly SessionState[] = [
  'provisioning',
  'starting',
  'running',
  'stopping',
];

/** The client settings a session runs with, in the casting config's names. */
export interface ClientSettings {
  allowAudio: boolean;
  audioDefaultOn: boolean;
  allowDownloads: boolean;
  allowClipboardDown: boolean;
  allowClipboardUp: boolean;
  allowMicrophone: boolean;
  allowUploads: boolean;
  allowGamepads: boolean;
  allowSharing: boolean;
  imeDefaultOn: boolean;
}
export const CLIENT_SETTING_KEYS: readonly (keyof ClientSettings)[] = [
  'allowAudio',
  'audioDefaultOn',
  'allowDownloads',
  'allowClipboardDown',
  'allowClipboardUp',
  'allowMicrophone',
  'allowUploads',
  'allowGamepads',
  'allowSharing',
  'imeDefaultOn',
];

/**
 * What a casting link enforces when it is given no client settings (the API's default on create,
 * the form's starting values): sound on, every transfer and device off.
 */
export const DEFAULT_CAST_CLIENT_SETTINGS: ClientSettings = {
  allowAudio: true,
  audioDefaultOn: true,
  allowDownloads: false,
  allowClipboardDown: false,
  allowClipboardUp: false,
  allowMicrophone: false,
  allowUploads: false,
  allowGamepads: false,
  allowSharing: false,
  imeDefaultOn: false,
};

/** Every client setting off: what a share viewer gets of the sharer's session. */
export const NO_CLIENT_SETTINGS: ClientSettings = Object.fromEntries(
  CLIENT_SETTING_KEYS.map((key) => [key, false]),
) as Record<keyof ClientSettings, boolean>;

export interface SessionFlags {
  disableControlPanel: boolean;
  disableTips: boolean;
  /** The session is in sharing mode (a view-only link exists). */
  sharing: boolean;
  /** Shared sessions use a fixed resolution unless the casting link disables it. */
  fixedResolution: boolean;
}

/** RDP connection details of server and pool sessions (names as in .rdp files / Kasm); admins only. */
export interface SessionConnection {
  protocol: 'rdp' | 'vnc' | 'ssh';
  hostname: string;
  port: number;
  username?: string;
  domain?: string;
  'remote-app'?: string;
  'remote-app-args'?: string;
}

export interface SessionView {
  id: string;
  state: SessionState;
  workspaceId: string;
  workspaceName: string;
  workspaceType: 'container' | 'server' | 'pool' | 'link';
  userId: string;
  createdAt: string;
  /**
   * When the session became its owner's: the cast or launch (`createdAt`), or, for a warm session
   * handed over from a staging pool, the hand-over (it was created long before). The viewer's
   * "Elapsed" counts from here.
   */
  claimedAt: string;
  startedAt: string | null;
  expiresAt: string | null;
  /** Hard end (session time limit), regardless of keepalives. */
  hardExpiresAt: string | null;
  clientSettings: ClientSettings;
  flags: SessionFlags;
  /**
   * Where the viewer frames the session: its own origin (`http://<id>.localhost:3000/`), entered
   * through an `enterUrl` from POST /api/sessions/:id/access; or the link workspace's URL.
   */
  viewerUrl: string;
  /** The session's origin (`http://<id>.localhost:3000`); null for link workspaces. */
  viewerOrigin: string | null;
  failure?: { code: string; message: string } | null;
  shareId?: string | null;
  kasmUrl?: string | null;
  /**
   * Set when a casting link made the session: where its visitor goes if the launch fails — the
   * link's Error URL (http(s) only, else null: the coded error page).
   */
  cast?: { errorUrl: string | null } | null;
}

export interface AdminSessionView extends SessionView {
  username: string;
  agentId: string | null;
  containerId: string | null;
  castConfigId: string | null;
  /** Server and pool sessions: the server the RDP gateway connects to (never shown to visitors). */
  connection?: SessionConnection;
  /** Server and pool sessions: the server workspace in use (a pool's member). */
  serverId?: string | null;
}

/** One server-sent event on GET /api/sessions/:id/events. */
export interface SessionEvent {
  sessionId: string;
  state: SessionState;
  at: string;
  failure?: { code: string; message: string };
}

export interface LaunchSessionRequest {
  workspaceId: string;
  kasmUrl?: string;
}

export interface ShareView {
  shareId: string;
  url: string;
}

/**
 * A way into a session's own origin: open `enterUrl` (optionally with `&next=/path`) in the
 * viewer's frame within a minute; it works once.
 */
export interface SessionEntryResponse {
  enterUrl: string;
  origin: string;
  expiresAt: string;
}

/** POST /api/shares/:shareId/join → what a view-only viewer needs. */
export interface JoinShareResponse extends SessionEntryResponse {
  sessionId: string;
  viewOnly: true;
  viewerUrl: string;
  flags: SessionFlags;
}

export interface StagingConfigView {
  id: string;
  workspaceId: string;
  desiredSessions: number;
  expirationHours: number;
  clientSettings: ClientSettings;
  /** Warm sessions now ready in the pool. */
  ready?: number;
}

/** One line of a session's history: a state change with its reason, or an administrator's action. */
export interface SessionHistoryEntry {
  at: string;
  kind: 'state' | 'admin-view' | 'admin-stop';
  fromState: SessionState | null;
  toState: SessionState | null;
  reason: string | null;
  /** The administrator who acted (admin-view, admin-stop); null for state changes. */
  actorId: string | null;
  actorName: string | null;
}

/** A way into the session handed to someone (the session cookie, a share, an entry code). */
export interface SessionGrantSummary {
  id: string;
  kind: 'owner' | 'share' | 'viewer' | 'connect' | 'enter' | 'origin';
  viewOnly: boolean;
  userId: string | null;
  username: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** GET /api/admin/sessions/:id/detail: everything the session detail page shows. */
export interface AdminSessionDetail extends AdminSessionView {
  stoppedAt: string | null;
  /** The casting link that made it, if any (the name as it is now; null once the link is deleted). */
  link: { id: string; name: string | null } | null;
  /** The visitor's IP as the cast's claim recorded it; null for sessions not made by a link. */
  clientIp: string | null;
  history: SessionHistoryEntry[];
  /** Grants of this session, newest first (entry codes left out: each became an `origin` grant). */
  grants: SessionGrantSummary[];
  /** A running desktop (RFB) session: GET /api/admin/sessions/:id/thumbnail answers a picture. */
  thumbnailAvailable: boolean;
}

/** One Docker engine (or the Swarm) and the tagged images it holds. */
export interface EngineImages {
  id: string;
  name: string;
  kind: 'docker' | 'swarm';
  /** false: the engine did not answer; `images` is then empty. */
  reachable: boolean;
  /** `repository:tag`, sorted. */
  images: string[];
}

/** GET /api/admin/engines/images */
export interface EngineImagesResponse {
  engines: EngineImages[];
}
