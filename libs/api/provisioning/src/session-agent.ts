import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerFile } from './container-files';

/** Which kind of engine runs a session: one Docker engine, or a Swarm (one service per session). */
export type ProviderKind = 'docker' | 'swarm';

/** What a launch asks of a provider; each provider maps it onto its own engine API. */
export interface ContainerLaunchSpec {
  name?: string;
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  cores?: number | null;
  memoryMb?: number | null;
  /** A network chosen for this session (docker_network), joined in addition to the reach network. */
  network?: string | null;
  /** false: the session may reach nothing outside (the sessions network without egress). */
  internetAccess?: boolean;
  /** The session's web port inside the container (6901 by convention). */
  containerPort: number;
  /** Extra HostConfig already checked against the workspace allow-list. */
  hostConfig?: Docker.HostConfig;
  /** Extra container options (Cmd, User, WorkingDir…) already checked against the allow-list. */
  containerConfig?: Partial<Docker.ContainerCreateOptions>;
  /** Swarm placement constraints (`node.labels.gpu==true`); plain Docker has one host and ignores them. */
  placement?: string[];
  /** Written into the container before it starts (secrets: never in env, argv or labels). */
  files?: ContainerFile[];
  /**
   * The only place the session may connect to (TCP host:port), besides answering the proxy: the
   * RDP gateway's server. Enforced in the container's own network namespace before the launch
   * answers; a launch that cannot enforce it fails.
   */
  egressOnly?: { host: string; port: number };
}

/** Where a launched session answers; `containerId` is the provider's handle (Swarm: the service id). */
export interface LaunchedSession {
  containerId: string;
  host: string;
  port: number;
}

/** Something a provider runs for this installation, as reconciliation sees it. */
export interface ManagedContainer {
  id: string;
  labels: Record<string, string>;
  /** 'running' when the session's container runs; anything else is removed by reconciliation. */
  state: string;
}

export interface ExecOptions {
  user?: string;
  env?: string[];
  workdir?: string;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface ExecStreamOptions extends ExecOptions {
  /** Written to the command's stdin, which is then closed. */
  stdin?: Buffer;
}

/** A command running in a container, its stdout streamed (see execStream). */
export interface ExecStream {
  stdout: Readable;
  /** Once the command ended: its exit code and the start of its stderr. */
  done: Promise<{ exitCode: number; stderr: string }>;
  /** Drops the connection (the reader went away). */
  destroy(): void;
}

/** One place sessions can run, as the sessions module uses it. */
export interface SessionAgent {
  readonly kind: ProviderKind;
  readonly def: { id: string; name: string; capacity: number };
  /** The engine answers (and, for Swarm, is a manager). */
  ping(): Promise<boolean>;
  /** Starts the session's container; answers once it runs (not yet once its app answers). */
  launch(spec: ContainerLaunchSpec): Promise<LaunchedSession>;
  isRunning(containerId: string): Promise<boolean>;
  /** Removes it, running or not; already gone is fine. */
  remove(containerId: string): Promise<void>;
  listManaged(instanceId: string): Promise<ManagedContainer[]>;
  hasImage(image: string): Promise<boolean>;
  /** The tagged images (`repository:tag`) the engine holds, sorted; throws when it does not answer. */
  listImages(): Promise<string[]>;
  /** Runs argv inside the container without a shell. */
  exec(containerId: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Runs argv inside the container without a shell, stdin given, stdout streamed. */
  execStream(containerId: string, argv: string[], options?: ExecStreamOptions): Promise<ExecStream>;
  /** The user the container runs as (its `User`: name or uid[:gid]; '' when the image sets none). */
  containerUser(containerId: string): Promise<string>;
}
