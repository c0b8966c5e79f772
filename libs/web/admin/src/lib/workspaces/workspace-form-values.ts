import { describeJsonPath, describeLinesOf, type FieldErrorTarget } from '@caster/web/ui';
import {
  type CreateWorkspaceRequest,
  type JsonObject,
  type ServerConnectionInput,
  type ServerProtocol,
  type Workspace,
  type WorkspaceProvider,
  type WorkspaceType,
} from '@caster/contracts';

export interface EnvRow {
  key: string;
  value: string;
}

/**
 * The workspace form keeps every type's fields, so switching the type back and forth loses
 * nothing; only the chosen type's fields are sent. Numbers being typed may be '' (empty input).
 */
export interface WorkspaceFormValues {
  name: string;
  description: string;
  type: WorkspaceType;
  enabled: boolean;
  /** null: not chosen on a new workspace, so the API's default (All Users) applies. */
  groupIds: string[] | null;
  // container
  image: string;
  cores: number | '';
  memoryMb: number | '';
  env: EnvRow[];
  /** JSON text; empty means none. */
  runConfig: string;
  execConfig: string;
  allowNetworkSelection: boolean;
  internetAccess: boolean;
  /** One Docker network per line. */
  allowedNetworks: string;
  persistentProfilePath: string;
  /** '' = the installation's default provider. */
  provider: WorkspaceProvider | '';
  /** Swarm placement constraints, one per line. */
  placementConstraints: string;
  // container, server, pool
  sessionTimeLimitSec: number | '';
  // server
  server: {
    host: string;
    port: number | '';
    protocol: ServerProtocol;
    username: string;
    /** Write-only; empty keeps the stored one. */
    password: string;
    /** Clears the stored password (sent as null). */
    clearPassword: boolean;
    domain: string;
    /** Connect even when the server's certificate cannot be verified (self-signed RDP hosts). */
    ignoreCertificate: boolean;
  };
  // pool
  poolServerIds: string[];
  poolSessionsPerServer: number | '';
  // link
  url: string;
}

export const WORKSPACE_TYPE_LABELS: Record<WorkspaceType, string> = {
  container: 'Container',
  server: 'Server',
  pool: 'Server pool',
  link: 'Web link',
};

export const WORKSPACE_TYPE_DESCRIPTIONS: Record<WorkspaceType, string> = {
  container: 'A fresh Docker container per session, streamed to the browser.',
  server: 'A remote desktop (RDP, VNC or SSH) on a server you already run.',
  pool: 'One of several server workspaces, whichever is free.',
  link: 'Opens a web address; nothing is started.',
};

const DEFAULT_CORES = 1;
const DEFAULT_MEMORY_MB = 2048;
export const DEFAULT_POOL_SESSIONS_PER_SERVER = 1;
export const MAX_POOL_SESSIONS_PER_SERVER = 100;

function jsonText(value: JsonObject | null): string {
  return value && Object.keys(value).length > 0 ? JSON.stringify(value, null, 2) : '';
}

export function workspaceInitialValues(workspace?: Workspace): WorkspaceFormValues {
  return {
    name: workspace?.name ?? '',
    description: workspace?.description ?? '',
    type: workspace?.type ?? 'container',
    enabled: workspace?.enabled ?? true,
    groupIds: workspace ? workspace.groupIds : null,
    image: workspace?.image ?? '',
    cores: workspace?.cores ?? DEFAULT_CORES,
    memoryMb: workspace?.memoryMb ?? DEFAULT_MEMORY_MB,
    env: Object.entries(workspace?.env ?? {}).map(([key, value]) => ({ key, value })),
    runConfig: jsonText(workspace?.runConfig ?? null),
    execConfig: jsonText(workspace?.execConfig ?? null),
    allowNetworkSelection: workspace?.allowNetworkSelection ?? false,
    internetAccess: workspace?.internetAccess ?? true,
    allowedNetworks: (workspace?.allowedNetworks ?? []).join('\n'),
    persistentProfilePath: workspace?.persistentProfilePath ?? '',
    provider: workspace?.provider ?? '',
    placementConstraints: (workspace?.placementConstraints ?? []).join('\n'),
    sessionTimeLimitSec: workspace?.sessionTimeLimitSec ?? '',
    server: {
      host: workspace?.server?.host ?? '',
      port: workspace?.server?.port ?? '',
      protocol: workspace?.server?.protocol ?? 'rdp',
      username: workspace?.server?.username ?? '',
      password: '',
      clearPassword: false,
      domain: workspace?.server?.domain ?? '',
      ignoreCertificate: workspace?.server?.ignoreCertificate ?? false,
    },
    poolServerIds: workspace?.poolServerIds ?? [],
    poolSessionsPerServer: workspace?.poolSessionsPerServer ?? DEFAULT_POOL_SESSIONS_PER_SERVER,
    url: workspace?.url ?? '',
  };
}

/** Parses a JSON textarea: empty is "none"; anything but an object is an error to show inline. */
export function parseJsonObject(text: string): { value: JsonObject | null; error: string | null } {
  if (text.trim() === '') return { value: null, error: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      value: null,
      error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { value: null, error: 'Enter a JSON object, in { braces }.' };
  }
  return { value: parsed as JsonObject, error: null };
}

export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** What the browser can tell before sending: required fields per type, JSON syntax, env names. */
export function validateWorkspace(values: WorkspaceFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors['name'] = 'Enter a name.';
  else if (values.name !== values.name.trim()) errors['name'] = 'Remove the spaces at the start or end.';
  switch (values.type) {
    case 'container': {
      if (values.image.trim() === '')
        errors['image'] = 'Enter the Docker image, e.g. kasmweb/firefox:1.16.0.';
      for (const field of ['runConfig', 'execConfig'] as const) {
        const { error } = parseJsonObject(values[field]);
        if (error) errors[field] = error;
      }
      const seen = new Set<string>();
      values.env.forEach((row, i) => {
        if (row.key === '' && row.value === '') return;
        if (!ENV_NAME.test(row.key)) {
          errors[`env.${i}.key`] = 'Use upper-case letters, digits and _, not starting with a digit.';
        } else if (seen.has(row.key)) errors[`env.${i}.key`] = 'This name is already used above.';
        seen.add(row.key);
      });
      break;
    }
    case 'server':
      if (values.server.host.trim() === '') errors['server.host'] = 'Enter the host name or IP address.';
      break;
    case 'pool':
      if (values.poolServerIds.length === 0)
        errors['poolServerIds'] = 'Choose at least one server workspace.';
      if (
        values.poolSessionsPerServer !== '' &&
        (!Number.isInteger(values.poolSessionsPerServer) ||
          values.poolSessionsPerServer < 1 ||
          values.poolSessionsPerServer > MAX_POOL_SESSIONS_PER_SERVER)
      )
        errors['poolSessionsPerServer'] = `Enter a whole number from 1 to ${MAX_POOL_SESSIONS_PER_SERVER}.`;
      break;
    case 'link':
      if (values.url.trim() === '') errors['url'] = 'Enter the web address, starting with https://.';
      break;
  }
  return errors;
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const numberOrNull = (value: number | ''): number | null => (value === '' ? null : value);

/**
 * The create/update body: common fields plus the chosen type's, nothing of the other types (the
 * API clears those when the type changes). `editing` decides how an empty password is sent.
 */
export function workspaceRequest(values: WorkspaceFormValues, editing: boolean): CreateWorkspaceRequest {
  const body: CreateWorkspaceRequest = {
    name: values.name,
    description: values.description,
    type: values.type,
    enabled: values.enabled,
  };
  if (values.groupIds !== null) body.groupIds = values.groupIds;
  switch (values.type) {
    case 'container': {
      const env = Object.fromEntries(
        values.env.filter((row) => row.key !== '' || row.value !== '').map((row) => [row.key, row.value]),
      );
      Object.assign(body, {
        image: values.image.trim(),
        cores: numberOrNull(values.cores),
        memoryMb: numberOrNull(values.memoryMb),
        env: Object.keys(env).length > 0 ? env : null,
        runConfig: parseJsonObject(values.runConfig).value,
        execConfig: parseJsonObject(values.execConfig).value,
        allowNetworkSelection: values.allowNetworkSelection,
        internetAccess: values.internetAccess,
        allowedNetworks: linesOf(values.allowedNetworks),
        persistentProfilePath: orNull(values.persistentProfilePath),
        provider: values.provider === '' ? null : values.provider,
        placementConstraints: linesOf(values.placementConstraints),
        sessionTimeLimitSec: numberOrNull(values.sessionTimeLimitSec),
      } satisfies Partial<CreateWorkspaceRequest>);
      break;
    }
    case 'server': {
      const server: ServerConnectionInput = {
        host: values.server.host.trim(),
        protocol: values.server.protocol,
        username: orNull(values.server.username),
        domain: orNull(values.server.domain),
        ignoreCertificate: values.server.ignoreCertificate,
      };
      if (values.server.port !== '') server.port = values.server.port;
      if (values.server.password !== '') server.password = values.server.password;
      else if (editing && values.server.clearPassword) server.password = null;
      body.server = server;
      body.sessionTimeLimitSec = numberOrNull(values.sessionTimeLimitSec);
      break;
    }
    case 'pool':
      body.poolServerIds = values.poolServerIds;
      body.poolSessionsPerServer =
        values.poolSessionsPerServer === '' ? DEFAULT_POOL_SESSIONS_PER_SERVER : values.poolSessionsPerServer;
      body.sessionTimeLimitSec = numberOrNull(values.sessionTimeLimitSec);
      break;
    case 'link':
      body.url = values.url.trim();
      break;
  }
  return body;
}

/** Where each API field problem shows in the form (the env rows and network lines as they are now). */
export function workspaceErrorTargets(values: WorkspaceFormValues): (string | FieldErrorTarget)[] {
  return [
    'name',
    'description',
    'type',
    'enabled',
    'groupIds',
    'image',
    'cores',
    'memoryMb',
    'env',
    ...values.env.map((_row, i) => `env.${i}.key`),
    { field: 'runConfig', describeRest: describeJsonPath },
    { field: 'execConfig', describeRest: describeJsonPath },
    'allowNetworkSelection',
    'internetAccess',
    { field: 'allowedNetworks', describeRest: describeLinesOf(values.allowedNetworks) },
    'persistentProfilePath',
    'provider',
    { field: 'placementConstraints', describeRest: describeLinesOf(values.placementConstraints) },
    'sessionTimeLimitSec',
    'server',
    'server.host',
    'server.port',
    'server.protocol',
    'server.username',
    'server.password',
    'server.domain',
    'server.ignoreCertificate',
    'poolServerIds',
    'poolSessionsPerServer',
    'url',
  ];
}

/** `env.FOO` (the API's path) → the row holding FOO, so the problem shows beside that name. */
export function envErrorRewrite(env: EnvRow[]): (apiPath: string) => string | undefined {
  return (apiPath) => {
    const match = /^env\.(.+)$/.exec(apiPath);
    if (!match) return undefined;
    const index = env.findIndex((row) => row.key === match[1]);
    return index === -1 ? undefined : `env.${index}.key`;
  };
}
