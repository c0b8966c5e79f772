import { Injectable } from '@nestjs/common';
import { splitArgv } from '@caster/api/core';
import { dockerRunOptions } from '@caster/api/provisioning';
import { WorkspacesService, type WorkspaceRecord } from '@caster/api/workspaces';
import {
  WorkspaceLookup,
  type ExecStages,
  type ExecStep,
  type ServerForLaunch as Server,
  type WorkspaceForLaunch,
} from './ports';

function serverOf(r: WorkspaceRecord): Server | null {
  const s = r.server;
  if (!s?.host || !s.port || !s.protocol) return null;
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    host: s.host,
    port: s.port,
    protocol: s.protocol,
    username: s.username,
    domain: s.domain,
    password: s.password || null,
    ignoreCertificate: s.ignoreCertificate,
  };
}

const EXEC_STAGES = ['first_launch', 'go', 'assign'] as const;

/**
 * The saved exec config (checked when saved: known stages and keys, a splittable `cmd`, never
 * privileged) as argv per stage; anything else in it is ignored rather than run.
 */
export function execStagesOf(config: unknown): ExecStages {
  const stages: ExecStages = {};
  if (!config || typeof config !== 'object') return stages;
  for (const stage of EXEC_STAGES) {
    const spec = (config as Record<string, unknown>)[stage] as Record<string, unknown> | undefined;
    if (!spec || typeof spec['cmd'] !== 'string' || spec['privileged'] === true) continue;
    let argv: string[];
    try {
      argv = splitArgv(spec['cmd']);
    } catch {
      continue;
    }
    if (argv.length === 0) continue;
    const env: Record<string, string> = {};
    const given = spec['environment'];
    if (given && typeof given === 'object')
      for (const [k, v] of Object.entries(given)) if (typeof v === 'string') env[k] = v;
    const step: ExecStep = { argv, env };
    if (typeof spec['user'] === 'string') step.user = spec['user'];
    if (typeof spec['workdir'] === 'string') step.workdir = spec['workdir'];
    stages[stage] = step;
  }
  return stages;
}

/** Workspaces as the launcher needs them: run options translated for the engine, servers resolved. */
@Injectable()
export class WorkspacesLaunchLookup extends WorkspaceLookup {
  constructor(private readonly workspaces: WorkspacesService) {
    super();
  }

  async forLaunch(workspaceId: string): Promise<WorkspaceForLaunch | null> {
    const r = await this.workspaces.find(workspaceId);
    if (!r) return null;
    const run = dockerRunOptions(r.runConfig);
    let servers: Server[] = [];
    if (r.type === 'server') servers = [serverOf(r)].filter((s): s is Server => s !== null);
    if (r.type === 'pool') servers = (await this.poolMembers(r.id)).filter((m) => m.enabled);
    return {
      id: r.id,
      name: r.name,
      type: r.type,
      enabled: r.enabled,
      image: r.image,
      cores: r.cores,
      memoryMb: r.memoryMb,
      env: { ...run.env, ...(r.env ?? {}) },
      hostConfig: run.hostConfig,
      containerConfig: run.containerConfig,
      allowNetworkSelection: r.allowNetworkSelection ?? false,
      allowedNetworks: r.allowedNetworks ?? [],
      internetAccess: r.internetAccess ?? true,
      persistentProfilePath: r.persistentProfilePath,
      provider: r.provider,
      placementConstraints: r.placementConstraints ?? [],
      sessionTimeLimitSec: r.sessionTimeLimitSec,
      servers,
      poolSessionsPerServer: r.type === 'pool' ? (r.poolSessionsPerServer ?? 1) : null,
      url: r.url,
      execConfig: execStagesOf(r.execConfig),
    };
  }

  async poolMembers(workspaceId: string): Promise<Server[]> {
    return (await this.workspaces.poolServers(workspaceId))
      .map(serverOf)
      .filter((s): s is Server => s !== null);
  }

  mayLaunch(userId: string, workspaceId: string): Promise<boolean> {
    return this.workspaces.mayLaunch(userId, workspaceId);
  }
}
