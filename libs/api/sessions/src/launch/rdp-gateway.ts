import type { EntityManager } from 'typeorm';
import type { SessionConnection, SessionFlags } from '@caster/contracts';
import { AppError } from '@caster/api/core';
import type { ContainerFile } from '@caster/api/provisioning';
import type { ServerForLaunch, WorkspaceForLaunch } from '../ports';
import type { SessionsRepository } from '../state/sessions.repository';

/** Where the gateway image reads the server's password once (docker/session-images/rdp-gateway). */
export const RDP_PASSWORD_FILE = '/run/caster-secrets/rdp-password';
/** A gateway is FreeRDP on a small display: what it needs, whatever the server's size. */
export const GATEWAY_RESOURCES = { cores: 1, memoryMb: 1024 } as const;

/** Server and pool workspaces run as an RDP gateway session; link workspaces run nothing. */
export function isGatewayWorkspace(w: Pick<WorkspaceForLaunch, 'type'>): boolean {
  return w.type === 'server' || w.type === 'pool';
}

/** Refuses, before anything is recorded, a gateway workspace that cannot be streamed. */
export function assertStreamable(w: WorkspaceForLaunch): void {
  if (w.servers.length === 0)
    throw new AppError('NO_CAPACITY', 'This workspace has no enabled server to connect to');
  const other = w.servers.find((s) => s.protocol !== 'rdp');
  if (other)
    throw new AppError(
      'SERVER_PROTOCOL_UNSUPPORTED',
      `Only RDP servers can be streamed; "${other.name}" uses ${other.protocol}`,
    );
}

/**
 * The server a new gateway session connects to, inside the launch's transaction: a server
 * workspace's own server (it takes any number of sessions), or the pool member with the fewest
 * live sessions among those under poolSessionsPerServer. Launches of one pool are serialised by a
 * transaction lock, so two visitors never both get the last free member; NO_CAPACITY when every
 * member is busy (the transaction then rolls back: no unit, no account, no container).
 */
export async function pickServer(
  em: EntityManager,
  rows: SessionsRepository,
  w: WorkspaceForLaunch,
): Promise<ServerForLaunch> {
  if (w.type !== 'pool') return w.servers[0];
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pool:${w.id}`]);
  const load = await rows.activePerServer(
    w.servers.map((s) => s.id),
    em,
  );
  const capacity = w.poolSessionsPerServer ?? 1;
  const free = w.servers
    .map((s) => ({ s, n: load.get(s.id) ?? 0 }))
    .filter((x) => x.n < capacity)
    .sort((a, b) => a.n - b.n || a.s.id.localeCompare(b.s.id));
  if (free.length === 0)
    throw new AppError('NO_CAPACITY', 'Every server of this pool is in use; try again in a moment', {
      retryAfterSeconds: 30,
    });
  return free[0].s;
}

/** What a session records of its server (admins see it; a visitor's answers never carry it). */
export function connectionOf(
  s: ServerForLaunch,
  remoteApp: { name: string; args: string } | null | undefined,
): SessionConnection {
  return {
    protocol: s.protocol,
    hostname: s.host,
    port: s.port,
    ...(s.username ? { username: s.username } : {}),
    ...(s.domain ? { domain: s.domain } : {}),
    ...(remoteApp ? { 'remote-app': remoteApp.name, 'remote-app-args': remoteApp.args } : {}),
  };
}

/**
 * The gateway container's environment (none of it secret) and the password file, which the engine
 * writes into the container before it starts: never an environment variable, argument or label.
 */
export function gatewayLaunch(
  connection: SessionConnection,
  server: Pick<ServerForLaunch, 'password' | 'ignoreCertificate'>,
  flags: Pick<SessionFlags, 'fixedResolution'>,
): { env: Record<string, string>; files: ContainerFile[] } {
  const env: Record<string, string> = {
    CASTER_RDP_HOST: connection.hostname,
    CASTER_RDP_PORT: String(connection.port),
    CASTER_RDP_IGNORE_CERT: server.ignoreCertificate ? '1' : '0',
    CASTER_RDP_DYNAMIC_RESOLUTION: flags.fixedResolution ? '0' : '1',
  };
  if (connection.username) env['CASTER_RDP_USERNAME'] = connection.username;
  if (connection.domain) env['CASTER_RDP_DOMAIN'] = connection.domain;
  if (connection['remote-app']) env['CASTER_RDP_APP'] = connection['remote-app'];
  if (connection['remote-app-args']) env['CASTER_RDP_APP_CMD'] = connection['remote-app-args'];
  const files: ContainerFile[] = server.password
    ? [{ path: RDP_PASSWORD_FILE, content: Buffer.from(`${server.password}\n`), mode: 0o400, uid: 1000 }]
    : [];
  return { env, files };
}
