import type { PageQuery } from './pagination';

export type WorkspaceType = 'container' | 'server' | 'pool' | 'link';
export const WORKSPACE_TYPES: readonly WorkspaceType[] = ['container', 'server', 'pool', 'link'];

/** Where a container workspace's sessions run: one Docker engine per session host, or a Swarm. */
export type WorkspaceProvider = 'docker' | 'swarm';
export const WORKSPACE_PROVIDERS: readonly WorkspaceProvider[] = ['docker', 'swarm'];

/**
 * Swarm placement constraints a workspace may set: `node.labels.gpu==true`, `node.role!=manager`,
 * `node.hostname==x`, `node.id==…`, `node.platform.os==linux`, `engine.labels.x==y`.
 */
export const PLACEMENT_CONSTRAINT_EXAMPLES = [
  'node.labels.gpu==true',
  'node.role!=manager',
  'node.hostname==x',
];

export type ServerProtocol = 'rdp' | 'vnc' | 'ssh';
export const SERVER_PROTOCOLS: readonly ServerProtocol[] = ['rdp', 'vnc', 'ssh'];
export const DEFAULT_SERVER_PORTS: Record<ServerProtocol, number> = { rdp: 3389, vnc: 5900, ssh: 22 };

/** Which optional fields each type uses; a field of another type must be absent, null or empty. */
export const WORKSPACE_TYPE_FIELDS = {
  container: [
    'image',
    'cores',
    'memoryMb',
    'env',
    'runConfig',
    'execConfig',
    'allowNetworkSelection',
    'allowedNetworks',
    'internetAccess',
    'persistentProfilePath',
    'provider',
    'placementConstraints',
    'sessionTimeLimitSec',
  ],
  server: ['server', 'sessionTimeLimitSec'],
  pool: ['poolServerIds', 'sessionTimeLimitSec'],
  link: ['url'],
} as const satisfies Record<WorkspaceType, readonly string[]>;

export type WorkspaceTypeField = (typeof WORKSPACE_TYPE_FIELDS)[WorkspaceType][number];

/**
 * Docker run options (docker-py / Kasm "Docker Run Config Override" names) an administrator may
 * set. Anything else — privileged, host network/PID/IPC, devices, capabilities outside
 * GRANTABLE_CAPABILITIES, security options other than no-new-privileges, published ports, bind
 * mounts outside VOLUME_ROOTS — is refused.
 */
export const DOCKER_RUN_OPTIONS = [
  'hostname',
  'domainname',
  'user',
  'working_dir',
  'entrypoint',
  'command',
  'environment',
  'labels',
  'shm_size',
  'tmpfs',
  'dns',
  'dns_search',
  'dns_opt',
  'extra_hosts',
  'network_mode',
  'ipc_mode',
  'privileged',
  'cap_drop',
  'cap_add',
  'security_opt',
  'volumes',
  'read_only',
  'init',
  'stop_signal',
  'pids_limit',
  'ulimits',
] as const;

/**
 * Capabilities a workspace may give back with cap_add (sessions start with none): Docker's default
 * set without NET_RAW (forged packets on the sessions network) and MKNOD. Never more.
 */
export const GRANTABLE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
] as const;

/** Highest pids_limit a workspace may set (the default is 512; lower and higher are both allowed). */
export const MAX_PIDS_LIMIT = 32_768;

/** Stages of the Kasm exec config; each is `{ cmd, user?, workdir?, environment?, privileged?: false }`. */
export const DOCKER_EXEC_STAGES = ['first_launch', 'go', 'assign'] as const;

export type JsonObject = { [key: string]: unknown };

export interface ServerConnection {
  host: string;
  port: number;
  protocol: ServerProtocol;
  username: string | null;
  domain: string | null;
  /** The password itself is write-only; this says whether one is stored. */
  hasPassword: boolean;
  ignoreCertificate: boolean;
}

/** `/api/admin/workspaces` resource. Fields of the other types are null. */
export interface Workspace {
  id: string;
  name: string;
  description: string;
  type: WorkspaceType;
  enabled: boolean;
  // container
  image: string | null;
  cores: number | null;
  memoryMb: number | null;
  env: Record<string, string> | null;
  runConfig: JsonObject | null;
  execConfig: JsonObject | null;
  allowNetworkSelection: boolean | null;
  allowedNetworks: string[] | null;
  /** Sessions may open connections to the internet (default true); never to the host or each other. */
  internetAccess: boolean | null;
  persistentProfilePath: string | null;
  /** null = the installation's default (SESSION_PROVIDER). */
  provider: WorkspaceProvider | null;
  /** Swarm placement constraints, all of which a node must satisfy; ignored by plain Docker. */
  placementConstraints: string[] | null;
  // container, server, pool
  /** null = the group setting session_time_limit decides. */
  sessionTimeLimitSec: number | null;
  // server
  server: ServerConnection | null;
  // pool
  poolServerIds: string[] | null;
  poolSessionsPerServer: number | null;
  // link
  url: string | null;
  /** Groups whose members may launch it from the dashboard. */
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ServerConnectionInput {
  host?: string;
  /** Defaults to the protocol's usual port (3389, 5900, 22). */
  port?: number;
  protocol?: ServerProtocol;
  username?: string | null;
  /** Write-only. Omit to keep the stored one, null to clear it. */
  password?: string | null;
  domain?: string | null;
  /** Default false. */
  ignoreCertificate?: boolean;
}

/**
 * POST /api/admin/workspaces. Required by type: container → image; server → server.host and
 * server.protocol; pool → poolServerIds (server workspaces); link → url.
 * `groupIds` omitted → launchable by "All Users"; `[]` → by nobody from the dashboard.
 */
export interface CreateWorkspaceRequest {
  name: string;
  description?: string;
  type: WorkspaceType;
  enabled?: boolean;
  image?: string | null;
  cores?: number | null;
  memoryMb?: number | null;
  env?: Record<string, string> | null;
  runConfig?: JsonObject | null;
  execConfig?: JsonObject | null;
  allowNetworkSelection?: boolean | null;
  allowedNetworks?: string[] | null;
  internetAccess?: boolean | null;
  persistentProfilePath?: string | null;
  provider?: WorkspaceProvider | null;
  placementConstraints?: string[] | null;
  sessionTimeLimitSec?: number | null;
  /** Merged into the stored connection on update (only the keys sent change). */
  server?: ServerConnectionInput | null;
  poolServerIds?: string[] | null;
  /** Integer 1..100, default 1 for pools. */
  poolSessionsPerServer?: number;
  url?: string | null;
  groupIds?: string[];
}

/** PATCH (or PUT, same meaning) /api/admin/workspaces/:id: only the fields sent change. */
export type UpdateWorkspaceRequest = Partial<CreateWorkspaceRequest>;

/** GET /api/admin/workspaces/:id/pool-members */
export interface PoolMember {
  serverId: string;
  name: string;
  host: string;
  port: number;
  enabled: boolean;
  activeSessions: number;
  capacity: number;
  state: 'free' | 'busy' | 'disabled';
}

export interface PoolMembersResponse {
  members: PoolMember[];
}

export type WorkspaceSortField = 'name' | 'type' | 'createdAt';

export interface WorkspaceListQuery extends PageQuery {
  sort?: WorkspaceSortField;
  type?: WorkspaceType;
}

/** GET /api/workspaces: what a signed-in user may launch (enabled workspaces of their groups). */
export interface WorkspaceSummary {
  id: string;
  name: string;
  description: string;
  type: WorkspaceType;
}
