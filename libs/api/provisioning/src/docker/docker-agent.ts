import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { LABELS } from '../labels';
import { dockerOptionsFor, reachableHostFor } from './docker-url';

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
    capacity,
  };
}

export interface ContainerLaunchSpec {
  name?: string;
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  cores?: number | null;
  memoryMb?: number | null;
  network?: string | null;
  /** The session's web port inside the container (6901 by convention). */
  containerPort: number;
  /** Extra HostConfig already checked against the workspace allow-list. */
  hostConfig?: Docker.HostConfig;
  /** Extra container options (Cmd, User, WorkingDir…) already checked against the allow-list. */
  containerConfig?: Partial<Docker.ContainerCreateOptions>;
}

export interface ManagedContainer {
  id: string;
  labels: Record<string, string>;
  state: string;
}

/** What went wrong, in terms the session's `failed` state can carry. */
export type ProvisionFailure =
  'IMAGE_NOT_FOUND' | 'ENGINE_UNAVAILABLE' | 'NETWORK_NOT_FOUND' | 'ENGINE_ERROR';

export class ProvisionError extends Error {
  constructor(
    readonly reason: ProvisionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

export function classifyDockerError(e: unknown, image?: string, network?: string | null): ProvisionError {
  if (e instanceof ProvisionError) return e;
  const err = e as { statusCode?: number; code?: string; message?: string; json?: { message?: string } };
  const message = err.json?.message ?? err.message ?? String(e);
  if (
    err.code === 'ECONNREFUSED' ||
    err.code === 'ENOENT' ||
    err.code === 'EHOSTUNREACH' ||
    err.code === 'ETIMEDOUT' ||
    err.code === 'ECONNRESET'
  ) {
    return new ProvisionError('ENGINE_UNAVAILABLE', `the Docker engine is unreachable (${err.code})`);
  }
  if (err.statusCode === 404 && /network/i.test(message)) {
    return new ProvisionError('NETWORK_NOT_FOUND', `network ${network ?? ''} does not exist`);
  }
  if (err.statusCode === 404)
    return new ProvisionError('IMAGE_NOT_FOUND', `image ${image ?? ''} is not on the engine`);
  return new ProvisionError('ENGINE_ERROR', message);
}

export class DockerAgent {
  readonly docker: Docker;

  constructor(readonly def: AgentDefinition) {
    this.docker = new Docker(dockerOptionsFor(def.dockerUrl, def.tlsDir));
  }

  async ping(): Promise<boolean> {
    try {
      await this.docker.ping();
      return true;
    } catch {
      return false;
    }
  }

  /** Creates and starts the container; answers where its web port is published. */
  async launch(spec: ContainerLaunchSpec): Promise<{ containerId: string; host: string; port: number }> {
    const portKey = `${spec.containerPort}/tcp`;
    let containerId: string | undefined;
    try {
      const container = await this.docker.createContainer({
        ...spec.containerConfig,
        name: spec.name,
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        Labels: { ...spec.labels, [LABELS.managed]: 'true', [LABELS.agent]: this.def.id },
        ExposedPorts: { [portKey]: {} },
        HostConfig: {
          ...spec.hostConfig,
          PortBindings: { [portKey]: [{ HostIp: this.def.publishIp, HostPort: '' }] },
          ...(spec.cores ? { NanoCpus: Math.round(spec.cores * 1e9) } : {}),
          ...(spec.memoryMb ? { Memory: spec.memoryMb * 1024 * 1024 } : {}),
          ...(spec.network ? { NetworkMode: spec.network } : {}),
          RestartPolicy: { Name: 'no' },
        },
      });
      containerId = container.id;
      await container.start();
      const info = await container.inspect();
      const binding = info.NetworkSettings.Ports[portKey]?.[0];
      if (!binding?.HostPort)
        throw new ProvisionError('ENGINE_ERROR', 'the engine published no port for the session');
      return { containerId, host: this.def.reachHost, port: Number(binding.HostPort) };
    } catch (e) {
      if (containerId) await this.remove(containerId);
      throw classifyDockerError(e, spec.image, spec.network);
    }
  }

  async isRunning(containerId: string): Promise<boolean> {
    try {
      return (await this.docker.getContainer(containerId).inspect()).State.Running;
    } catch {
      return false;
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

  async listManaged(instanceId: string): Promise<ManagedContainer[]> {
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.managed}=true`, `${LABELS.instance}=${instanceId}`] },
    });
    return list.map((c) => ({ id: c.Id, labels: c.Labels, state: c.State }));
  }

  async hasImage(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch {
      return false;
    }
  }

  /** Runs argv inside the container without a shell; answers exit code and combined output. */
  async exec(
    containerId: string,
    argv: string[],
    options: { user?: string; env?: string[]; workdir?: string } = {},
  ): Promise<{ exitCode: number; output: string }> {
    const exec = await this.docker.getContainer(containerId).exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      User: options.user,
      Env: options.env,
      WorkingDir: options.workdir,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
  }

  async putArchive(containerId: string, directory: string, tar: Buffer): Promise<void> {
    await this.docker.getContainer(containerId).putArchive(tar, { path: directory });
  }

  async getArchive(containerId: string, path: string): Promise<Readable> {
    return (await this.docker.getContainer(containerId).getArchive({ path })) as unknown as Readable;
  }
}

/** Docker multiplexes stdout/stderr with 8-byte frame headers when there is no TTY. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
