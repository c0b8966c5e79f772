import type { Workspace } from '@caster/contracts';
import type { WorkspaceEntity } from './workspace.entity';
import type { WorkspaceDraft } from './workspace-input';

/** A stored workspace as other modules see it (the server password included, for connecting). */
export interface WorkspaceRecord extends WorkspaceDraft {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

export function toRecord(e: WorkspaceEntity, poolServerIds: string[]): WorkspaceRecord {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    type: e.type,
    enabled: e.enabled,
    image: e.image,
    cores: e.cores,
    memoryMb: e.memoryMb,
    env: e.env,
    runConfig: e.runConfig,
    execConfig: e.execConfig,
    allowNetworkSelection: e.allowNetworkSelection,
    allowedNetworks: e.allowedNetworks,
    internetAccess: e.internetAccess,
    persistentProfilePath: e.persistentProfilePath,
    provider: e.provider,
    placementConstraints: e.placementConstraints,
    sessionTimeLimitSec: e.sessionTimeLimitSec,
    server:
      e.type === 'server'
        ? {
            host: e.serverHost,
            port: e.serverPort,
            protocol: e.serverProtocol,
            username: e.serverUsername,
            password: e.serverPassword ?? null,
            domain: e.serverDomain,
            ignoreCertificate: e.serverIgnoreCertificate,
          }
        : null,
    poolServerIds: e.type === 'pool' ? poolServerIds : null,
    poolSessionsPerServer: e.type === 'pool' ? (e.poolSessionsPerServer ?? 1) : null,
    url: e.url,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** Draft → the entity's columns. */
export function toColumns(d: WorkspaceDraft): Omit<WorkspaceEntity, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    name: d.name,
    description: d.description,
    type: d.type,
    enabled: d.enabled,
    image: d.image,
    cores: d.cores,
    memoryMb: d.memoryMb,
    env: d.env,
    runConfig: d.runConfig,
    execConfig: d.execConfig,
    allowNetworkSelection: d.allowNetworkSelection,
    allowedNetworks: d.allowedNetworks,
    internetAccess: d.internetAccess,
    persistentProfilePath: d.persistentProfilePath,
    provider: d.provider,
    placementConstraints: d.placementConstraints,
    sessionTimeLimitSec: d.sessionTimeLimitSec,
    serverHost: d.server?.host ?? null,
    serverPort: d.server?.port ?? null,
    serverProtocol: d.server?.protocol ?? null,
    serverUsername: d.server?.username ?? null,
    serverPassword: d.server?.password ?? null,
    serverDomain: d.server?.domain ?? null,
    serverIgnoreCertificate: d.server?.ignoreCertificate ?? false,
    poolSessionsPerServer: d.poolSessionsPerServer,
    url: d.url,
  };
}

/** The admin view: the server password becomes `hasPassword`. */
export function toWorkspace(r: WorkspaceRecord, groupIds: string[]): Workspace {
  const { server } = r;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    type: r.type,
    enabled: r.enabled,
    image: r.image,
    cores: r.cores,
    memoryMb: r.memoryMb,
    env: r.env,
    runConfig: r.runConfig,
    execConfig: r.execConfig,
    allowNetworkSelection: r.allowNetworkSelection,
    allowedNetworks: r.allowedNetworks,
    internetAccess: r.internetAccess,
    persistentProfilePath: r.persistentProfilePath,
    provider: r.provider,
    placementConstraints: r.placementConstraints,
    sessionTimeLimitSec: r.sessionTimeLimitSec,
    server:
      server && server.host && server.protocol && server.port !== null
        ? {
            host: server.host,
            port: server.port,
            protocol: server.protocol,
            username: server.username,
            domain: server.domain,
            hasPassword: server.password !== null && server.password !== '',
            ignoreCertificate: server.ignoreCertificate,
          }
        : null,
    poolServerIds: r.poolServerIds,
    poolSessionsPerServer: r.poolSessionsPerServer,
    url: r.url,
    groupIds,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
