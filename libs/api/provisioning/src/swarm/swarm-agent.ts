import Docker from 'dockerode';
import { execInContainer, execStreamInContainer } from '../container-io';
import { dockerOptionsFor } from '../docker/docker-url';
import { taggedImages } from '../docker/docker-agent';
import { LABELS } from '../labels';
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
import { swarmServiceSpec } from './service-spec';
import { newestTask, taskAddress, taskOutcome, type SwarmTask } from './swarm-task';

/** A Swarm manager that runs each session as a one-replica service. */
export interface SwarmDefinition {
  id: string;
  name: string;
  /** The manager's address; null = the local socket. */
  dockerUrl: string | null;
  tlsDir?: string | null;
  /** Attachable overlay network sessions join and are reached on; null = publish a host-mode port. */
  network: string | null;
  /** Where the API reaches published ports; null = 127.0.0.1 for the local node, else the node's address. */
  reachHost: string | null;
  capacity: number;
  /**
   * Engines of worker nodes (e.g. the DOCKER_AGENTS entries), matched to a node by address or host
   * name, for exec and file copies into tasks that run there. Swarm itself has no exec API.
   */
  nodeEngines?: { url: string; tlsDir?: string | null }[];
  /** How long a launch waits for its task to run (image pulls included). */
  startTimeoutMs?: number;
  /** How long the scheduler may say "no suitable node" before the launch gives up with NO_NODE. */
  noNodeGraceMs?: number;
  pollMs?: number;
  /** Told about workspace options Swarm cannot express (they are left out of the service). */
  onWarning?: (message: string) => void;
}

interface Endpoint {
  host: string;
  port: number;
}

export class SwarmAgent implements SessionAgent {
  readonly kind = 'swarm' as const;
  readonly docker: Docker;
  private localNodeId?: Promise<string>;
  private readonly nodeEngines = new Map<string, Docker>();

  constructor(readonly def: SwarmDefinition) {
    this.docker = new Docker(dockerOptionsFor(def.dockerUrl, def.tlsDir));
  }

  /** Up only when the engine answers and is a manager (a worker cannot create services). */
  async ping(): Promise<boolean> {
    try {
      const info = (await this.docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
      return info.Swarm?.ControlAvailable === true;
    } catch {
      return false;
    }
  }

  /** Creates the service and waits until its task runs; on any failure the service is removed. */
  async launch(spec: ContainerLaunchSpec): Promise<LaunchedSession> {
    // A task's filesystem cannot be written before it starts, and a Swarm secret would outlive the
    // session on the managers; nor can a task's network namespace be fenced before anyone reaches
    // it: gateway sessions (which need both) run on plain engines only.
    if (spec.files?.length || spec.egressOnly)
      throw new ProvisionError(
        'UNSUPPORTED_OPTION',
        'Swarm cannot run this session (it needs a secret file or a fenced network); use a plain Docker engine',
      );
    const { service, ignored } = swarmServiceSpec(spec, { agentId: this.def.id, network: this.def.network });
    if (ignored.length)
      this.def.onWarning?.(`Swarm cannot apply ${ignored.join(', ')} to ${spec.name ?? spec.image}; ignored`);
    let serviceId: string | undefined;
    try {
      serviceId = (await this.docker.createService(service)).id;
      const endpoint = await this.waitUntilRunning(serviceId, spec);
      return { containerId: serviceId, ...endpoint };
    } catch (e) {
      if (serviceId) await this.remove(serviceId).catch(() => undefined);
      throw classifyDockerError(e, spec.image, this.def.network ?? spec.network);
    }
  }

  private async waitUntilRunning(serviceId: string, spec: ContainerLaunchSpec): Promise<Endpoint> {
    const started = Date.now();
    const timeout = this.def.startTimeoutMs ?? 120_000;
    const grace = this.def.noNodeGraceMs ?? 3_000;
    let noNodeSince: number | null = null;
    let last = 'new';
    for (;;) {
      const task = newestTask(await this.tasksOf([serviceId]));
      const outcome = taskOutcome(task);
      last = task?.Status?.State ?? last;
      if (outcome.kind === 'failed') throw outcome.error;
      if (outcome.kind === 'running' && task) {
        const endpoint = await this.endpointOf(task, spec.containerPort);
        if (endpoint) return endpoint;
      }
      const now = Date.now();
      if (outcome.kind === 'waiting' && outcome.noNode) {
        noNodeSince ??= now;
        if (now - noNodeSince >= grace) {
          const placement = spec.placement?.length ? ` (placement: ${spec.placement.join(', ')})` : '';
          throw new ProvisionError('NO_NODE', `no node can run the session${placement}: ${outcome.noNode}`);
        }
      } else noNodeSince = null;
      if (now - started >= timeout)
        throw new ProvisionError(
          'TASK_FAILED',
          `the task did not run within ${timeout} ms (last state: ${last})`,
        );
      await new Promise((r) => setTimeout(r, this.def.pollMs ?? 25));
    }
  }

  /** Where the running task answers; null while the engine has not reported it yet. */
  private async endpointOf(task: SwarmTask, port: number): Promise<Endpoint | null> {
    if (this.def.network) {
      const address = taskAddress(task, this.def.network);
      return address ? { host: address, port } : null;
    }
    const published = (task.Status?.PortStatus?.Ports ?? []).filter(
      (p) => p.TargetPort === port && p.PublishedPort,
    );
    if (published.length === 0) return null;
    const local = task.NodeID === (await this.localNode());
    let hostPort = published[0].PublishedPort as number;
    const containerId = task.Status?.ContainerStatus?.ContainerID;
    if (local && containerId) {
      // The engine publishes IPv4 and IPv6 on separate random ports; the API dials IPv4.
      const info = await this.docker.getContainer(containerId).inspect();
      const v4 = info.NetworkSettings.Ports[`${port}/tcp`]?.find((b) => b.HostIp === '0.0.0.0');
      if (v4) hostPort = Number(v4.HostPort);
    }
    const host =
      this.def.reachHost ??
      (local && !this.def.dockerUrl ? '127.0.0.1' : await this.nodeAddress(task.NodeID ?? ''));
    return { host, port: hostPort };
  }

  private async nodeAddress(nodeId: string): Promise<string> {
    const node = (await this.docker.getNode(nodeId).inspect()) as { Status?: { Addr?: string } };
    if (!node.Status?.Addr) throw new ProvisionError('ENGINE_ERROR', `node ${nodeId} reports no address`);
    return node.Status.Addr;
  }

  private localNode(): Promise<string> {
    this.localNodeId ??= this.docker.info().then(
      (info: { Swarm?: { NodeID?: string } }) => info.Swarm?.NodeID ?? '',
      (e: unknown) => {
        this.localNodeId = undefined;
        throw e;
      },
    );
    return this.localNodeId;
  }

  private async tasksOf(serviceIds: string[]): Promise<SwarmTask[]> {
    return (await this.docker.listTasks({ filters: { service: serviceIds } })) as SwarmTask[];
  }

  /** Whether the service's task runs; an unanswered question is not a no (see DockerAgent.isRunning). */
  async isRunning(serviceId: string): Promise<boolean> {
    try {
      return newestTask(await this.tasksOf([serviceId]))?.Status?.State === 'running';
    } catch (e) {
      return (e as { statusCode?: number }).statusCode !== 404;
    }
  }

  /** Removes the service (Swarm then stops its task); a service that is already gone is fine. */
  async remove(serviceId: string): Promise<void> {
    try {
      await this.docker.getService(serviceId).remove();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw classifyDockerError(e);
    }
  }

  /** This installation's services; `state` is their task's ('running' when the session runs). */
  async listManaged(instanceId: string): Promise<ManagedContainer[]> {
    const services = await this.docker.listServices({
      filters: { label: [`${LABELS.managed}=true`, `${LABELS.instance}=${instanceId}`] },
    });
    if (services.length === 0) return [];
    const tasks = await this.tasksOf(services.map((s) => s.ID));
    return services.map((s) => ({
      id: s.ID,
      labels: s.Spec?.Labels ?? {},
      state: newestTask(tasks.filter((t) => t.ServiceID === s.ID))?.Status?.State ?? 'new',
    }));
  }

  /** Whether the manager has the image (workers pull or must have it themselves). */
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

  async exec(serviceId: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const { engine, containerId } = await this.containerOf(serviceId);
    return execInContainer(engine, containerId, argv, options);
  }

  async execStream(serviceId: string, argv: string[], options: ExecStreamOptions = {}): Promise<ExecStream> {
    const { engine, containerId } = await this.containerOf(serviceId);
    return execStreamInContainer(engine, containerId, argv, options);
  }

  async containerUser(serviceId: string): Promise<string> {
    const { engine, containerId } = await this.containerOf(serviceId);
    return (await engine.getContainer(containerId).inspect()).Config?.User ?? '';
  }

  /**
   * The running task's container and the engine that has it: the manager's own engine when the
   * task runs there, else a configured engine of that node. Swarm has no exec or archive API.
   */
  private async containerOf(serviceId: string): Promise<{ engine: Docker; containerId: string }> {
    const task = newestTask(await this.tasksOf([serviceId]));
    const containerId = task?.Status?.ContainerStatus?.ContainerID;
    if (!task || task.Status?.State !== 'running' || !containerId)
      throw new ProvisionError('TASK_FAILED', `the session's task is not running`);
    const nodeId = task.NodeID ?? '';
    if (nodeId === (await this.localNode())) return { engine: this.docker, containerId };
    const engine = await this.engineOfNode(nodeId);
    if (!engine) {
      throw new ProvisionError(
        'REMOTE_TASK',
        `the session runs on node ${nodeId}, whose Docker engine the API does not know (add it to DOCKER_AGENTS)`,
      );
    }
    return { engine, containerId };
  }

  private async engineOfNode(nodeId: string): Promise<Docker | null> {
    const cached = this.nodeEngines.get(nodeId);
    if (cached) return cached;
    const node = (await this.docker.getNode(nodeId).inspect()) as {
      Status?: { Addr?: string };
      Description?: { Hostname?: string };
    };
    const names = [node.Status?.Addr, node.Description?.Hostname].filter(Boolean);
    const match = (this.def.nodeEngines ?? []).find((e) => names.includes(new URL(e.url).hostname));
    if (!match) return null;
    const engine = new Docker(dockerOptionsFor(match.url, match.tlsDir));
    this.nodeEngines.set(nodeId, engine);
    return engine;
  }
}
