import type Docker from 'dockerode';
import type { EffectiveSettings } from '@caster/contracts';

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
  persistentProfilePath: string | null;
  sessionTimeLimitSec: number | null;
  /** server workspaces: the server; pool workspaces: their members. */
  servers: {
    id: string;
    host: string;
    port: number;
    protocol: 'rdp' | 'vnc' | 'ssh';
    username: string | null;
    domain: string | null;
  }[];
  url: string | null;
}

export abstract class WorkspaceLookup {
  abstract forLaunch(workspaceId: string): Promise<WorkspaceForLaunch | null>;
  /** May this user launch this workspace from the dashboard (group permissions)? */
  abstract mayLaunch(userId: string, workspaceId: string): Promise<boolean>;
}

export abstract class UserSettingsLookup {
  abstract effectiveSettingsOf(userId: string): Promise<EffectiveSettings>;
}
