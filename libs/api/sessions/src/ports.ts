import type Docker from 'dockerode';
import type { EffectiveSettings, WorkspaceProvider } from '@caster/contracts';

/** What a launch needs to know about a workspace; bound by the root module to the workspaces module. */
export interface WorkspaceForLaunch {
  id: string;
  name: string;
  type: 'container' | 'server' | 'pool' | 'link';
  enabled: boolean;
  image: string | null;
  cores: number | null;
  memoryMb: number | null;
  env: Record<string, string>;
  /** runConfig already checked against the allow-list, as dockerode options. */
  hostConfig: Docker.HostConfig;
  containerConfig: Partial<Docker.ContainerCreateOptions>;
  allowNetworkSelection: boolean;
  allowedNetworks: string[];
  /** false: sessions reach nothing outside (the sessions network without egress). */
  internetAccess: boolean;
  persistentProfilePath: string | null;
  /** null = the installation's default provider. */
  provider: WorkspaceProvider | null;
  placementConstraints: string[];
  sessionTimeLimitSec: number | null;
  /** server workspaces: the server; pool workspaces: their enabled members. */
  servers: ServerForLaunch[];
  /** pool workspaces: how many sessions one member takes at a time; null otherwise. */
  poolSessionsPerServer: number | null;
  url: string | null;
  /** The workspace's Kasm exec config, each stage already split into argv (never run by a shell). */
  execConfig: ExecStages;
}

/** A server an RDP gateway session connects to (the password only ever goes to the gateway). */
export interface ServerForLaunch {
  /** The server workspace's id. */
  id: string;
  name: string;
  enabled: boolean;
  host: string;
  port: number;
  protocol: 'rdp' | 'vnc' | 'ssh';
  username: string | null;
  domain: string | null;
  password: string | null;
  ignoreCertificate: boolean;
}

/** One stage of a Kasm exec config, as `docker exec` takes it. */
export interface ExecStep {
  argv: string[];
  user?: string;
  workdir?: string;
  /** The stage's own environment (NAME → value); KASM_URL is added by the launcher. */
  env: Record<string, string>;
}

/** `first_launch` on the first start, `go` when handed to a user, `assign` when a warm session is claimed. */
export type ExecStages = Partial<Record<'first_launch' | 'go' | 'assign', ExecStep>>;

export abstract class WorkspaceLookup {
  abstract forLaunch(workspaceId: string): Promise<WorkspaceForLaunch | null>;
  /** A pool's members, disabled ones included (the admin's pool view); [] for other workspaces. */
  abstract poolMembers(workspaceId: string): Promise<ServerForLaunch[]>;
  /** May this user launch this workspace from the dashboard (group permissions)? */
  abstract mayLaunch(userId: string, workspaceId: string): Promise<boolean>;
}

export abstract class UserSettingsLookup {
  abstract effectiveSettingsOf(userId: string): Promise<EffectiveSettings>;
}

/** A launch that never ran: failed while provisioning, or abandoned by a replica that died. */
export interface FailedLaunch {
  id: string;
  userId: string | null;
  castConfigId: string | null;
  /** Why it failed (PROVISION_FAILED, NO_CAPACITY …): the cast's claim is updated to it. */
  failureCode?: string | null;
}

/**
 * Gives back what was taken for a launch that never ran (a casting link's budget unit, the
 * anonymous account made for the visitor). Bound by the root module to the casting module; called
 * by the replica that saw the launch fail, or by the reconciler when the launching replica died,
 * so it must not depend on anything that lived only in the launching process.
 */
export abstract class FailedLaunchPort {
  abstract release(launch: FailedLaunch): Promise<void>;
}

/**
 * What a session's visitor page needs to know about the casting link that made it: where a failed
 * launch sends the visitor (the link's Error URL, http(s) only, else null). Bound by the root module
 * to the casting module; sessions cannot import casting (casting launches through sessions).
 */
export abstract class CastLinkLookup {
  abstract errorUrlOf(castConfigId: string): Promise<string | null>;
  /** The link's name (null once deleted) and the visitor IP the session's claim recorded. */
  abstract castOf(
    sessionId: string,
    castConfigId: string,
  ): Promise<{ linkName: string | null; clientIp: string | null }>;
}
