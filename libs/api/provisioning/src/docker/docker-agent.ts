import { Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { execInContainer, execStreamInContainer } from '../container-io';
import { LABELS } from '../labels';
import { filesArchive } from '../container-files';
import { ProvisionError, classifyDockerError } from '../provision-error';
import type {
  ContainerLaunchSpec,
  ExecOptions,
  ExecStream,
  ExecStreamOptions,
  ExecResult,
  LaunchedSession,
  ManagedContainer,
  SessionAgent,
} from '../session-agent';
import { hardenedHostConfig } from '../hardening';
import { dockerOptionsFor, reachableHostFor } from './docker-url';
import { fenceEgress, isolateEngine, type IsolationStatus } from './session-network';

/** A failed isolation attempt is tried again at the next launch, at most this often. */
const ISOLATION_RETRY_MS = 15_000;

/** One Docker engine that runs sessions. */
export interface AgentDefinition {
  id: string;
  name: string;
  /** unix://…, tcp://…, https://… ; null = the local socket. */
  dockerUrl: string | null;
  tlsDir?: string | null;
  /** Address ports are published on (on the engine's host). */
  publishIp: string;
  /** Address the API uses to reach those ports. */
  reachHost: string;
  /**
   * "Network" reach mode: sessions join this network, nothing is published, and the API (which
   * must be on the same network, e.g. one compose bridge network) reaches container-IP:port.
   */
  network?: string | null;
  /** Most sessions this agent may run at once. */
  capacity: number;
}

export function localAgent(dockerUrl: string | null, capacity = 50): AgentDefinition {
  const reachHost = reachableHostFor(dockerUrl);
  return {
    id: 'local',
    name: dockerUrl ? new URL(dockerUrl).host || 'local' : 'local',
    dockerUrl,
    publishIp: reachHost === '127.0.0.1' ? '127.0.0.1' : '0.0.0.0',
    reachHost,
    network: null,
    capacity,
  };
}

/** Networks that are modes, not networks one can connect a container to. */
const NOT_CONNECTABLE = new Set(['bridge', 'default', 'none', 'host']);

/** Name, image, environment and labels (Caster's own last, so a workspace cannot forge them). */
function containerBase(agentId: string, spec: ContainerLaunchSpec) {
  return {
    ...spec.containerConfig,
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      ...spec.containerConfig?.Labels,
      ...spec.labels,
      [LABELS.managed]: 'true',
      [LABELS.agent]: agentId,
    },
  };
}

/**
 * The engine's create options for a launch, and the networks to connect before start. The
 * container's first network is the isolated sessions network (`sessionsNetwork`: with or without
 * egress, see session-network.ts) — or, with a reach network, that network; it then publishes
 * nothing. A session's own network (docker_network) and a workspace's network_mode are joined in
 * addition (networks an administrator allowed; what is on them is theirs to fence). Without a
 * sessions network (isolation unavailable and explicitly allowed) the old layout applies.
 * The hardening (capabilities, no-new-privileges, pids, ulimits) is applied last.
 */
export function containerCreateOptions(
  def: Pick<AgentDefinition, 'id' | 'publishIp' | 'network'>,
  spec: ContainerLaunchSpec,
  sessionsNetwork: string | null = null,
): { create: Docker.ContainerCreateOptions; connect: string[] } {
  const portKey = `${spec.containerPort}/tcp`;
  const limits = {
    ...(spec.cores ? { NanoCpus: Math.round(spec.cores * 1e9) } : {}),
    ...(spec.memoryMb ? { Memory: spec.memoryMb * 1024 * 1024 } : {}),
  };
  const base = containerBase(def.id, spec);
  const hardening = hardenedHostConfig(spec.hostConfig);
  const primary = sessionsNetwork ?? def.network;
  const extras = (exclude: string | null | undefined) =>
    [spec.network, spec.hostConfig?.NetworkMode].filter(
      (n, i, all): n is string =>
        typeof n === 'string' && !NOT_CONNECTABLE.has(n) && n !== exclude && all.indexOf(n) === i,
    );
  if (def.network && primary) {
    return {
      create: {
        ...base,
        HostConfig: {
          ...spec.hostConfig,
          ...limits,
          NetworkMode: primary,
          RestartPolicy: { Name: 'no' },
          ...hardening,
        },
      },
      connect: extras(primary).filter((n) => n !== def.network),
    };
  }
  return {
    create: {
      ...base,
      ExposedPorts: { [portKey]: {} },
      HostConfig: {
        ...spec.hostConfig,
        PortBindings: { [portKey]: [{ HostIp: def.publishIp, HostPort: '' }] },
        ...limits,
        ...(primary ? { NetworkMode: primary } : spec.network ? { NetworkMode: spec.network } : {}),
        RestartPolicy: { Name: 'no' },
        ...hardening,
      },
    },
    connect: primary ? extras(primary) : [],
  };
}

export class DockerAgent implements SessionAgent {
  readonly kind = 'docker' as const;
  readonly docker: Docker;
  private readonly logger = new Logger('DockerAgent');

  private isolationState: IsolationStatus = {
    state: 'pending',
    detail: 'not checked yet',
    networks: {},
    rules: [],
  };
  private isolating: Promise<IsolationStatus> | null = null;
  private isolatedAt = 0;

  constructor(readonly def: AgentDefinition) {
    this.docker = new Docker(dockerOptionsFor(def.dockerUrl, def.tlsDir));
  }

  /** The last known isolation of this engine's sessions (health, launch decisions). */
  get isolation(): IsolationStatus {
    return this.isolationState;
  }

  /**
   * Makes the sessions networks and installs the host rules (idempotent: a restarted API, another
   * replica or another installation on the engine end with the same rules). Concurrent callers
   * share one attempt; a failed attempt is retried at most every ISOLATION_RETRY_MS.
   */
  isolate(force = false): Promise<IsolationStatus> {
    if (this.isolating) return this.isolating;
    const stale = Date.now() - this.isolatedAt > ISOLATION_RETRY_MS;
    if (
      !force &&
      (this.isolationState.state === 'isolated' || (this.isolationState.state === 'failed' && !stale))
    )
      return Promise.resolve(this.isolationState);
    this.isolating = isolateEngine(this.docker, this.def.network ?? null)
      .catch((e: unknown): IsolationStatus => ({
        state: 'failed',
        detail: e instanceof Error ? e.message : String(e),
        networks: {},
        rules: [],
      }))
      .then((status) => {
        this.isolationState = status;
        this.isolatedAt = Date.now();
        this.isolating = null;
        return status;
      });
    return this.isolating;
  }

  async ping(): Promise<boolean> {
    try {
      await this.docker.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Creates and starts the container; answers where its web port is reachable. */
  async launch(spec: ContainerLaunchSpec): Promise<LaunchedSession> {
    const offline = spec.internetAccess === false;
    const sessionsNetwork = this.isolationState.networks[offline ? 'offline' : 'online'] ?? null;
    if (offline && (this.isolationState.state !== 'isolated' || !sessionsNetwork))
      throw new ProvisionError(
        'UNSUPPORTED_OPTION',
        `internet access cannot be turned off on agent ${this.def.id}: ${this.isolationState.detail}`,
      );
    const { create, connect } = containerCreateOptions(this.def, spec, sessionsNetwork);
    let containerId: string | undefined;
    try {
      const container = await this.docker.createContainer(create);
      containerId = container.id;
      for (const network of connect)
        await this.docker.getNetwork(network).connect({ Container: containerId });
      if (spec.files?.length) await container.putArchive(filesArchive(spec.files), { path: '/' });
      await container.start();
      if (spec.egressOnly) await this.fence(containerId, spec.egressOnly);
      const info = await container.inspect();
      if (this.def.network) {
        const reach = sessionsNetwork ?? this.def.network;
        const networks = info.NetworkSettings.Networks;
        const address = (
          sessionsNetwork
            ? Object.values(networks).find((n) => n.NetworkID === sessionsNetwork)
            : networks[this.def.network]
        )?.IPAddress;
        if (!address)
          throw new ProvisionError('ENGINE_ERROR', `the container has no address on network ${reach}`);
        return { containerId, host: address, port: spec.containerPort };
      }
      const binding = info.NetworkSettings.Ports[`${spec.containerPort}/tcp`]?.[0];
      if (!binding?.HostPort)
        throw new ProvisionError('ENGINE_ERROR', 'the engine published no port for the session');
      return { containerId, host: this.def.reachHost, port: Number(binding.HostPort) };
    } catch (e) {
      if (containerId) await this.remove(containerId);
      throw classifyDockerError(e, spec.image, this.def.network ?? spec.network);
    }
  }

  /**
   * Limits a just-started container to its one server (see fenceEgress). On an engine whose
   * sessions are not isolated (the administrator allowed that explicitly) there is no netguard
   * helper to do it: the session runs unfenced, and says so in the log.
   */
  private async fence(containerId: string, to: { host: string; port: number }): Promise<void> {
    if (this.isolationState.state !== 'isolated') {
      this.logger.warn(
        `agent ${this.def.id}: sessions are not isolated, so a gateway's egress is not limited`,
      );
      return;
    }
    try {
      await fenceEgress(this.docker, containerId, to);
    } catch (e) {
      throw new ProvisionError(
        'ENGINE_ERROR',
        `could not limit the session's network to its server: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /**
   * Whether the container still runs. Only an answer says no: a container that is gone (404) or
   * stopped. An engine too busy to answer is not a dead session — the readiness wait has its own
   * deadline — so failing a healthy launch on a slow inspect would be wrong.
   */
  async isRunning(containerId: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(containerId).inspect()).State.Running;
    } catch (e) {
      return (e as { statusCode?: number }).statusCode !== 404;
    }
  }

  /** Removes a container, running or not; a container that is already gone is fine. */
  async remove(containerId: string): Promise<void> {
    try {
      await this.docker.getContainer(containerId).remove({ force: true, v: true });
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 409) throw classifyDockerError(e);
    }
  }

  /** This installation's containers, except Swarm tasks (the Swarm provider owns those). */
  async listManaged(instanceId: string): Promise<ManagedContainer[]> {
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`, `${LABELS.instance}=${instanceId}`] },
    });
    return list
      .filter((c) => !c.Labels['com.docker.swarm.task.id'])
      .map((c) => ({ id: c.Id, labels: c.Labels, state: c.State }));
  }

  async listImages(): Promise<string[]> {
    return taggedImages(this.docker);
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  exec(containerId: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execInContainer(this.docker, containerId, argv, options);
  }

  execStream(containerId: string, argv: string[], options: ExecStreamOptions = {}): Promise<ExecStream> {
    return execStreamInContainer(this.docker, containerId, argv, options);
  }

  async containerUser(containerId: string): Promise<string> {
    return (await this.docker.getContainer(containerId).inspect()).Config?.User ?? '';
  }
}

/** The `repository:tag` names of an engine's images, untagged ones left out, sorted. */
export async function taggedImages(docker: Docker): Promise<string[]> {
  const images = await docker.listImages();
  const tags = images.flatMap((i) => i.RepoTags ?? []).filter((t) => t && !t.startsWith('<none>'));
  return [...new Set(tags)].sort();
}
