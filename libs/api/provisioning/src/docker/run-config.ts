import type Docker from 'dockerode';
import { grantableCapabilities } from '../hardening';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
function bytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^(\d+)([bkmg])?$/i.exec(v) : null;
  return m ? Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()] : undefined;
}

export interface DockerRunOptions {
  hostConfig: Docker.HostConfig;
  containerConfig: Partial<Docker.ContainerCreateOptions>;
  env: Record<string, string>;
}

/**
 * A workspace's runConfig (docker-py / Kasm names, already checked against the allow-list by the
 * workspaces module) as dockerode options. Options that could widen the container's privileges are
 * not translated even if they slipped through: this function only knows the safe ones.
 */
export function dockerRunOptions(runConfig: Json | null | undefined): DockerRunOptions {
  const c = runConfig ?? {};
  const hostConfig: Docker.HostConfig = {
    ...storageOptions(c),
    ...networkOptions(c),
    ...confinementOptions(c),
    // Never, whatever the input said.
    Privileged: false,
  };
  return { hostConfig, containerConfig: containerOptions(c), env: environmentOf(c) };
}

/** Who and what runs: hostname, user, directory, entrypoint and command, labels, stop signal. */
function containerOptions(c: Json): Partial<Docker.ContainerCreateOptions> {
  const containerConfig: Partial<Docker.ContainerCreateOptions> = {};
  if (typeof c['hostname'] === 'string') containerConfig.Hostname = c['hostname'];
  if (typeof c['domainname'] === 'string') containerConfig.Domainname = c['domainname'];
  if (typeof c['user'] === 'string' || typeof c['user'] === 'number')
    containerConfig.User = String(c['user']);
  if (typeof c['working_dir'] === 'string') containerConfig.WorkingDir = c['working_dir'];
  for (const [key, field] of [
    ['entrypoint', 'Entrypoint'],
    ['command', 'Cmd'],
  ] as const) {
    const v = c[key];
    if (typeof v === 'string') containerConfig[field] = v.split(' ').filter(Boolean);
    else if (strings(v)) containerConfig[field] = strings(v);
  }
  if (isObject(c['labels'])) {
    containerConfig.Labels = Object.fromEntries(
      Object.entries(c['labels']).filter(([k, v]) => typeof v === 'string' && !k.startsWith('org.caster.')),
    ) as Record<string, string>;
  }
  if (typeof c['stop_signal'] === 'string' || typeof c['stop_signal'] === 'number')
    containerConfig.StopSignal = String(c['stop_signal']);
  return containerConfig;
}

function environmentOf(c: Json): Record<string, string> {
  const env: Record<string, string> = {};
  const environment = c['environment'];
  if (isObject(environment)) for (const [k, v] of Object.entries(environment)) env[k] = String(v);
  else
    for (const item of strings(environment) ?? [])
      env[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
  return env;
}

/** /dev/shm, tmpfs mounts, host paths, a read-only root. */
function storageOptions(c: Json): Docker.HostConfig {
  const hostConfig: Docker.HostConfig = {};
  const shm = bytes(c['shm_size']);
  if (shm) hostConfig.ShmSize = shm;
  if (isObject(c['tmpfs'])) hostConfig.Tmpfs = c['tmpfs'] as Record<string, string>;
  else if (strings(c['tmpfs'])) {
    hostConfig.Tmpfs = Object.fromEntries(
      (strings(c['tmpfs']) ?? []).map((t) => [t.split(':')[0], t.split(':').slice(1).join(':')]),
    );
  }
  const volumes = c['volumes'];
  const binds: string[] = [];
  if (isObject(volumes)) {
    for (const [host, spec] of Object.entries(volumes)) {
      if (isObject(spec) && typeof spec['bind'] === 'string')
        binds.push(`${host}:${spec['bind']}:${spec['mode'] === 'ro' ? 'ro' : 'rw'}`);
    }
  } else for (const b of strings(volumes) ?? []) binds.push(b);
  if (binds.length) hostConfig.Binds = binds.filter((b) => b.startsWith('/'));
  if (typeof c['read_only'] === 'boolean') hostConfig.ReadonlyRootfs = c['read_only'];
  return hostConfig;
}

/** DNS, /etc/hosts lines, the network and IPC modes (never the host's nor another container's). */
function networkOptions(c: Json): Docker.HostConfig {
  const hostConfig: Docker.HostConfig = {};
  if (strings(c['dns'])) hostConfig.Dns = strings(c['dns']);
  if (strings(c['dns_search'])) hostConfig.DnsSearch = strings(c['dns_search']);
  if (strings(c['dns_opt'])) hostConfig.DnsOptions = strings(c['dns_opt']);
  if (isObject(c['extra_hosts']))
    hostConfig.ExtraHosts = Object.entries(c['extra_hosts']).map(([h, ip]) => `${h}:${String(ip)}`);
  const networkMode = c['network_mode'];
  if (typeof networkMode === 'string' && networkMode !== 'host' && !networkMode.startsWith('container:'))
    hostConfig.NetworkMode = networkMode;
  const ipcMode = c['ipc_mode'];
  if (ipcMode === 'private' || ipcMode === 'shareable' || ipcMode === 'none') hostConfig.IpcMode = ipcMode;
  return hostConfig;
}

/** Capabilities, security options, init, pids and ulimits. */
function confinementOptions(c: Json): Docker.HostConfig {
  const hostConfig: Docker.HostConfig = {};
  if (strings(c['cap_drop'])) hostConfig.CapDrop = strings(c['cap_drop']);
  // Only capabilities that may be granted; the session starts with none (see hardening.ts).
  const capAdd = grantableCapabilities(strings(c['cap_add']));
  if (capAdd.length) hostConfig.CapAdd = capAdd;
  const security = (strings(c['security_opt']) ?? []).filter((s) => /^no-new-privileges(:true)?$/.test(s));
  if (security.length) hostConfig.SecurityOpt = security;
  if (typeof c['init'] === 'boolean') hostConfig.Init = c['init'];
  if (typeof c['pids_limit'] === 'number') hostConfig.PidsLimit = c['pids_limit'];
  if (Array.isArray(c['ulimits'])) {
    hostConfig.Ulimits = c['ulimits']
      .filter(isObject)
      .map((u) => ({ Name: String(u['name']), Soft: Number(u['soft']), Hard: Number(u['hard']) }));
  }
  return hostConfig;
}
