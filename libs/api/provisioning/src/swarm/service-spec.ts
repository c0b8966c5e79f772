import type Docker from 'dockerode';
import { grantableCapabilities, sessionPidsLimit, sessionUlimits } from '../hardening';
import { LABELS } from '../labels';
import { ProvisionError } from '../provision-error';
import type { ContainerLaunchSpec } from '../session-agent';

export interface SwarmSpecOptions {
  /** Agent id written into the labels ('swarm'). */
  agentId: string;
  /** SWARM_NETWORK: the overlay network the API reaches sessions on; null = publish a host-mode port. */
  network: string | null;
}

/** The service to create, and the workspace options Swarm has no field for (logged, not applied). */
export interface SwarmServiceSpec {
  service: Docker.CreateServiceOptions;
  ignored: string[];
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const DEFAULT_TMPFS_MODE = 0o1777;

/** `size=64m,mode=1777,noexec` → what a Swarm tmpfs mount can carry (size and mode). */
function tmpfsOptions(options: string): { SizeBytes: number; Mode: number } {
  let size = 0;
  let mode = DEFAULT_TMPFS_MODE;
  for (const part of options.split(',')) {
    const [key, value = ''] = part.split('=');
    const m = /^(\d+)([bkmg])?$/i.exec(value);
    if (key === 'size' && m) size = Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()];
    if (key === 'mode' && /^[0-7]{3,4}$/.test(value)) mode = parseInt(value, 8);
  }
  return { SizeBytes: size, Mode: mode };
}

/** `/host:/container[:ro|rw]` → a bind mount. */
function bindMount(bind: string): Docker.MountSettings | null {
  const [source, target, mode] = bind.split(':');
  if (!source?.startsWith('/') || !target?.startsWith('/')) return null;
  return { Type: 'bind', Source: source, Target: target, ReadOnly: mode === 'ro' };
}

/** HostConfig keys this builder translates (or deliberately leaves out, like Privileged: false). */
const HANDLED_HOST_CONFIG = new Set([
  'Binds',
  'Tmpfs',
  'ShmSize',
  'Dns',
  'DnsSearch',
  'DnsOptions',
  'ExtraHosts',
  'CapDrop',
  'CapAdd',
  'ReadonlyRootfs',
  'Init',
  'PidsLimit',
  'Ulimits',
  'Privileged',
  'SecurityOpt',
]);
const HANDLED_CONTAINER_CONFIG = new Set([
  'Hostname',
  'User',
  'WorkingDir',
  'Entrypoint',
  'Cmd',
  'Labels',
  'StopSignal',
]);

const isSet = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0);

/**
 * A launch as a Swarm service: one replica that is never restarted (a session that exits is over),
 * limits and equal reservations (the scheduler only places a session where its limits fit, so a
 * full swarm says NO_NODE instead of overcommitting), the workspace's placement constraints, and
 * either a host-mode published port or the reach network. Options Swarm cannot express are
 * ignored and listed — except security options, which are refused: silently dropping
 * `no-new-privileges` would launch a weaker container than the administrator asked for.
 */
export function swarmServiceSpec(spec: ContainerLaunchSpec, options: SwarmSpecOptions): SwarmServiceSpec {
  const host = spec.hostConfig ?? {};
  const container = spec.containerConfig ?? {};
  refuseSecurityOptions(host);
  const labels = {
    ...container.Labels,
    ...spec.labels,
    [LABELS.managed]: 'true',
    [LABELS.agent]: options.agentId,
  };
  const cpu = spec.cores ? { NanoCPUs: Math.round(spec.cores * 1e9) } : {};
  const memory = spec.memoryMb ? { MemoryBytes: spec.memoryMb * 1024 * 1024 } : {};
  const networks = [options.network, spec.network].filter(
    (n, i, all): n is string => typeof n === 'string' && n !== '' && all.indexOf(n) === i,
  );

  const service: Docker.CreateServiceOptions = {
    Name: spec.name,
    Labels: labels,
    Mode: { Replicated: { Replicas: 1 } },
    TaskTemplate: {
      ContainerSpec: containerSpecOf(spec, labels),
      Resources: {
        Limits: { ...cpu, ...memory, Pids: sessionPidsLimit(host.PidsLimit) },
        Reservations: { ...cpu, ...memory },
      },
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      Placement: { Constraints: [...(spec.placement ?? [])] },
      ...(networks.length ? { Networks: networks.map((Target) => ({ Target })) } : {}),
    },
    EndpointSpec: options.network
      ? // Reached at the task's own address: no virtual IP to allocate on the overlay per session.
        { Mode: 'dnsrr' }
      : {
          Mode: 'vip',
          Ports: [{ Protocol: 'tcp', TargetPort: spec.containerPort, PublishMode: 'host' }],
        },
  };
  return { service, ignored: ignoredOptions(host, container) };
}

type HostConfig = NonNullable<ContainerLaunchSpec['hostConfig']>;
type ContainerConfig = NonNullable<ContainerLaunchSpec['containerConfig']>;

function refuseSecurityOptions(host: HostConfig): void {
  // dockerode types these as any.
  const securityOpt = host.SecurityOpt as string[] | undefined;
  if (securityOpt?.length) {
    throw new ProvisionError(
      'UNSUPPORTED_OPTION',
      `Swarm services cannot set security options (${securityOpt.join(', ')}); remove security_opt or use the docker provider`,
    );
  }
}

/** The workspace's options this builder has no Swarm field for. */
function ignoredOptions(host: HostConfig, container: ContainerConfig): string[] {
  return [
    ...Object.entries(host)
      .filter(([k, v]) => !HANDLED_HOST_CONFIG.has(k) && isSet(v))
      .map(([k]) => `HostConfig.${k}`),
    ...Object.entries(container)
      .filter(([k, v]) => !HANDLED_CONTAINER_CONFIG.has(k) && isSet(v))
      .map(([k]) => k),
  ];
}

/** Binds, tmpfs mounts and /dev/shm as Swarm mounts. */
function serviceMounts(host: HostConfig): Docker.MountSettings[] {
  const mounts: Docker.MountSettings[] = [];
  for (const bind of host.Binds ?? []) {
    const mount = bindMount(bind);
    if (mount) mounts.push(mount);
  }
  for (const [target, opts] of Object.entries(host.Tmpfs ?? {}))
    mounts.push({ Type: 'tmpfs', Source: '', Target: target, TmpfsOptions: tmpfsOptions(opts) });
  if (host.ShmSize) {
    mounts.push({
      Type: 'tmpfs',
      Source: '',
      Target: '/dev/shm',
      TmpfsOptions: { SizeBytes: host.ShmSize, Mode: DEFAULT_TMPFS_MODE },
    });
  }
  return mounts;
}

function dnsConfig(host: HostConfig): Pick<Docker.ContainerSpec, 'DNSConfig'> {
  if (!host.Dns?.length && !host.DnsSearch?.length && !host.DnsOptions?.length) return {};
  return {
    DNSConfig: {
      ...(host.Dns?.length ? { Nameservers: host.Dns } : {}),
      ...(host.DnsSearch?.length ? { Search: host.DnsSearch } : {}),
      ...(host.DnsOptions?.length ? { Options: host.DnsOptions } : {}),
    },
  };
}

function containerSpecOf(spec: ContainerLaunchSpec, labels: Record<string, string>): Docker.ContainerSpec {
  const host = spec.hostConfig ?? {};
  const container = spec.containerConfig ?? {};
  const extraHosts = host.ExtraHosts as string[] | undefined;
  const capAdd = grantableCapabilities(host.CapAdd as string[] | undefined);
  const mounts = serviceMounts(host);
  return {
    Image: spec.image,
    Labels: labels,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    // Swarm's Command replaces the image's ENTRYPOINT and Args its CMD, like docker run's two.
    ...(container.Entrypoint ? { Command: [container.Entrypoint].flat() } : {}),
    ...(container.Cmd ? { Args: [container.Cmd].flat() } : {}),
    ...(container.Hostname ? { Hostname: container.Hostname } : {}),
    ...(container.User ? { User: container.User } : {}),
    ...(container.WorkingDir ? { Dir: container.WorkingDir } : {}),
    ...(container.StopSignal ? { StopSignal: container.StopSignal } : {}),
    ...(host.Init !== undefined ? { Init: host.Init } : {}),
    ...(host.ReadonlyRootfs !== undefined ? { ReadOnly: host.ReadonlyRootfs } : {}),
    ...(mounts.length ? { Mounts: mounts } : {}),
    ...dnsConfig(host),
    // docker run's "host:ip" is Swarm's /etc/hosts line "ip host".
    ...(extraHosts?.length
      ? {
          Hosts: extraHosts.map((h) => {
            const at = h.indexOf(':');
            return `${h.slice(at + 1)} ${h.slice(0, at)}`;
          }),
        }
      : {}),
    // The same confinement as a plain-Docker session (hardening.ts), as far as Swarm carries it:
    // every capability dropped and only grantable ones back, ulimits, a pids limit below. Swarm
    // services on Docker < 27 have no no-new-privileges field (see docs/security).
    CapabilityDrop: ['ALL'],
    ...(capAdd.length ? { CapabilityAdd: capAdd } : {}),
    Ulimits: sessionUlimits(host.Ulimits),
  };
}
