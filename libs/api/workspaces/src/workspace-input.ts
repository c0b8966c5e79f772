import { isIP } from 'node:net';
import {
  DEFAULT_SERVER_PORTS,
  MAX_POOL_SESSIONS_PER_SERVER,
  WORKSPACE_TYPE_FIELDS,
  type JsonObject,
  type ServerProtocol,
  type UpdateWorkspaceRequest,
  type WorkspaceType,
  type WorkspaceProvider,
  type WorkspaceTypeField,
} from '@caster/contracts';
import {
  checkEnv,
  checkExecConfig,
  checkNetworks,
  checkProfilePath,
  checkRunConfig,
  isDockerImageReference,
  type Problems,
} from './docker-options';
import { checkPlacementConstraints, checkSwarmRunConfig } from './placement';

export interface ServerDraft {
  host: string | null;
  port: number | null;
  protocol: ServerProtocol | null;
  username: string | null;
  password: string | null;
  domain: string | null;
  ignoreCertificate: boolean;
}

/** A workspace as it will be stored (the server password included). */
export interface WorkspaceDraft {
  name: string;
  description: string;
  type: WorkspaceType;
  enabled: boolean;
  image: string | null;
  cores: number | null;
  memoryMb: number | null;
  env: Record<string, string> | null;
  runConfig: JsonObject | null;
  execConfig: JsonObject | null;
  allowNetworkSelection: boolean | null;
  allowedNetworks: string[] | null;
  internetAccess: boolean | null;
  persistentProfilePath: string | null;
  provider: WorkspaceProvider | null;
  placementConstraints: string[] | null;
  sessionTimeLimitSec: number | null;
  server: ServerDraft | null;
  poolServerIds: string[] | null;
  poolSessionsPerServer: number | null;
  url: string | null;
}

export const DEFAULT_CORES = 1;
export const DEFAULT_MEMORY_MB = 2048;

const ALL_TYPE_FIELDS = [...new Set(Object.values(WORKSPACE_TYPE_FIELDS).flat())] as WorkspaceTypeField[];
const usesField = (type: WorkspaceType, field: WorkspaceTypeField): boolean =>
  (WORKSPACE_TYPE_FIELDS[type] as readonly string[]).includes(field);

const BLANK_SERVER: ServerDraft = {
  host: null,
  port: null,
  protocol: null,
  username: null,
  password: null,
  domain: null,
  ignoreCertificate: false,
};

/** The type-specific part of a new workspace of `type`, with that type's defaults. */
function blank(type: WorkspaceType): Omit<WorkspaceDraft, 'name' | 'description' | 'type' | 'enabled'> {
  const container = type === 'container';
  return {
    image: null,
    cores: container ? DEFAULT_CORES : null,
    memoryMb: container ? DEFAULT_MEMORY_MB : null,
    env: container ? {} : null,
    runConfig: container ? {} : null,
    execConfig: container ? {} : null,
    allowNetworkSelection: container ? false : null,
    allowedNetworks: container ? [] : null,
    internetAccess: container ? true : null,
    persistentProfilePath: null,
    provider: null,
    placementConstraints: container ? [] : null,
    sessionTimeLimitSec: null,
    server: type === 'server' ? { ...BLANK_SERVER } : null,
    poolServerIds: type === 'pool' ? [] : null,
    poolSessionsPerServer: type === 'pool' ? 1 : null,
    url: null,
  };
}

/** null, false, [] and {} say "nothing": accepted (and ignored) for a field of another type. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

const isHost = (host: string): boolean =>
  isIP(host) !== 0 ||
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
    host,
  );

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Applies a create or update body to a workspace (`current` null for a create) and checks the
 * result as a whole. Fields of another type than the resulting one are refused when they carry a
 * value and ignored when empty (null, false, [], {}), so a form can send every field. Changing
 * the type clears the old type's fields. A server password: absent keeps it, null clears it.
 */
export function applyWorkspaceInput(
  current: WorkspaceDraft | null,
  input: UpdateWorkspaceRequest,
  volumeRoots: readonly string[],
  /** SESSION_PROVIDER: where a workspace whose provider is null runs. */
  defaultProvider: WorkspaceProvider = 'docker',
): { draft: WorkspaceDraft; problems: Problems } {
  const problems: Problems = {};
  const type = input.type ?? current?.type ?? 'container';

  for (const field of ALL_TYPE_FIELDS) {
    const value = input[field];
    if (value !== undefined && !usesField(type, field) && !isEmpty(value)) {
      problems[field] = `not used by ${type} workspaces`;
    }
  }

  const draft: WorkspaceDraft =
    current && current.type === type
      ? { ...current, server: current.server ? { ...current.server } : null }
      : {
          name: current?.name ?? '',
          description: current?.description ?? '',
          enabled: current?.enabled ?? true,
          type,
          ...blank(type),
          sessionTimeLimitSec: usesField(type, 'sessionTimeLimitSec')
            ? (current?.sessionTimeLimitSec ?? null)
            : null,
        };
  if (input.name !== undefined) draft.name = input.name;
  if (input.description !== undefined) draft.description = input.description;
  if (input.enabled !== undefined) draft.enabled = input.enabled;
  if (usesField(type, 'sessionTimeLimitSec') && input.sessionTimeLimitSec !== undefined) {
    draft.sessionTimeLimitSec = input.sessionTimeLimitSec;
  }

  switch (type) {
    case 'container': {
      if (input.image !== undefined) draft.image = input.image;
      if (input.cores !== undefined) draft.cores = input.cores ?? DEFAULT_CORES;
      if (input.memoryMb !== undefined) draft.memoryMb = input.memoryMb ?? DEFAULT_MEMORY_MB;
      if (input.env !== undefined) draft.env = input.env ?? {};
      if (input.runConfig !== undefined) draft.runConfig = input.runConfig ?? {};
      if (input.execConfig !== undefined) draft.execConfig = input.execConfig ?? {};
      if (input.allowNetworkSelection !== undefined)
        draft.allowNetworkSelection = input.allowNetworkSelection ?? false;
      if (input.allowedNetworks !== undefined)
        draft.allowedNetworks = [...new Set(input.allowedNetworks ?? [])];
      if (input.internetAccess !== undefined) draft.internetAccess = input.internetAccess ?? true;
      if (input.persistentProfilePath !== undefined)
        draft.persistentProfilePath = input.persistentProfilePath;
      if (input.provider !== undefined) draft.provider = input.provider;
      if (input.placementConstraints !== undefined)
        draft.placementConstraints = (input.placementConstraints ?? []).map((c) => c.trim());

      if (!draft.image) problems['image'] = 'required for container workspaces';
      else if (!isDockerImageReference(draft.image)) {
        problems['image'] = 'must be a Docker image reference such as "kasmweb/firefox:1.16.0"';
      }
      Object.assign(
        problems,
        checkEnv(draft.env ?? {}, 'env'),
        checkRunConfig(draft.runConfig ?? {}, volumeRoots),
        checkExecConfig(draft.execConfig ?? {}),
        checkNetworks(draft.allowedNetworks ?? []),
        draft.persistentProfilePath ? checkProfilePath(draft.persistentProfilePath, volumeRoots) : {},
        checkPlacementConstraints(draft.placementConstraints ?? []),
        (draft.provider ?? defaultProvider) === 'swarm' ? checkSwarmRunConfig(draft.runConfig ?? {}) : {},
      );
      break;
    }
    case 'server': {
      const server = draft.server ?? { ...BLANK_SERVER };
      if (input.server === null) Object.assign(server, BLANK_SERVER);
      else if (input.server) {
        const keys = [
          'host',
          'port',
          'protocol',
          'username',
          'password',
          'domain',
          'ignoreCertificate',
        ] as const;
        for (const key of keys) {
          const value = input.server[key];
          if (value !== undefined) (server as Record<typeof key, unknown>)[key] = value;
        }
      }
      if (server.protocol && server.port === null) server.port = DEFAULT_SERVER_PORTS[server.protocol];
      draft.server = server;
      if (!server.host) problems['server.host'] = 'required for server workspaces';
      else if (!isHost(server.host)) problems['server.host'] = 'must be a host name or IP address';
      if (!server.protocol) problems['server.protocol'] = 'required for server workspaces';
      break;
    }
    case 'pool': {
      if (input.poolServerIds !== undefined) {
        draft.poolServerIds = [...new Set((input.poolServerIds ?? []).map((id) => id.toLowerCase()))];
      }
      if (input.poolSessionsPerServer !== undefined)
        draft.poolSessionsPerServer = input.poolSessionsPerServer ?? 1;
      if (!draft.poolServerIds?.length) problems['poolServerIds'] = 'choose at least one server workspace';
      const per = draft.poolSessionsPerServer;
      if (per === null || !Number.isInteger(per) || per < 1 || per > MAX_POOL_SESSIONS_PER_SERVER)
        problems['poolSessionsPerServer'] = `a whole number from 1 to ${MAX_POOL_SESSIONS_PER_SERVER}`;
      break;
    }
    case 'link': {
      if (input.url !== undefined) draft.url = input.url;
      if (!draft.url) problems['url'] = 'required for link workspaces';
      else if (!isHttpUrl(draft.url)) problems['url'] = 'must be an http(s) URL';
      break;
    }
  }
  return { draft, problems };
}
