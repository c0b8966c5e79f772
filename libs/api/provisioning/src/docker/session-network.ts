import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import type Docker from 'dockerode';
import { LABELS } from '../labels';

/** The bridge networks every plain-engine session joins: one with internet access, one without. */
export const SESSION_NETWORKS = { online: 'caster-sessions', offline: 'caster-sessions-offline' } as const;
/** The firewall helper image (docker/session-images/build.sh netguard). */
export const NETGUARD_IMAGE = 'caster/netguard:latest';
const NETWORK_LABEL = 'org.caster.network';
const HELPER_TIMEOUT_MS = 60_000;

/** Whether an engine's sessions are fenced in, and why not when they are not. */
export interface IsolationStatus {
  state: 'pending' | 'isolated' | 'failed';
  detail: string;
  /** Network id (or name) per internet setting; an absent entry cannot be launched on. */
  networks: { online?: string; offline?: string };
  /** The exact rule specs handed to the helper (`<bridge>:<mode>[:<trusted>:<dynamic>]`). */
  rules: string[];
}

interface NetworkFacts {
  id: string;
  name: string;
  bridge: string;
  icc: boolean;
  subnet: string | null;
  ipRange: string | null;
}

function factsOf(n: Docker.NetworkInspectInfo): NetworkFacts {
  const options = n.Options ?? {};
  const ipam = n.IPAM?.Config?.[0];
  return {
    id: n.Id,
    name: n.Name,
    bridge: options['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`,
    icc: options['com.docker.network.bridge.enable_icc'] !== 'false',
    subnet: ipam?.Subnet ?? null,
    ipRange: ipam?.IPRange ?? null,
  };
}

/** The network called exactly `name` (the oldest, if a race made two), or null. */
async function findNetwork(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo | null> {
  const list = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  if (list.length === 0) return null;
  list.sort((a, b) => a.Created.localeCompare(b.Created) || a.Id.localeCompare(b.Id));
  return list[0];
}

/**
 * The sessions network of a plain engine, made if missing: a bridge with inter-container traffic
 * off (`enable_icc=false`), labelled so it is recognisably Caster's. Shared by every installation on
 * the engine; never removed by Caster (sessions of several installations may be on it).
 */
export function ensureSessionNetwork(docker: Docker, name: string): Promise<NetworkFacts> {
  // One call at a time per engine client and name: concurrent launches of this process share it.
  // Racing each other they could not agree: one that listed before a second network appeared kept
  // its own, which the other (seeing an older one) then removed.
  let calls = inflight.get(docker);
  if (!calls) inflight.set(docker, (calls = new Map<string, Promise<NetworkFacts>>()));
  const running = calls.get(name);
  if (running) return running;
  const call = ensureOnce(docker, name).finally(() => calls.delete(name));
  calls.set(name, call);
  return call;
}

const inflight = new WeakMap<Docker, Map<string, Promise<NetworkFacts>>>();

async function ensureOnce(docker: Docker, name: string): Promise<NetworkFacts> {
  const existing = await findNetwork(docker, name);
  if (existing) return factsOf(await dropDuplicates(docker, name, existing));
  try {
    await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Options: { 'com.docker.network.bridge.enable_icc': 'false' },
      Labels: { [LABELS.managed]: 'true', [NETWORK_LABEL]: name },
    });
  } catch (e) {
    // Another replica made it meanwhile.
    if ((e as { statusCode?: number }).statusCode !== 409) throw e;
  }
  const made = await findNetwork(docker, name);
  if (!made) throw new Error(`network ${name} vanished right after it was created`);
  return factsOf(await dropDuplicates(docker, name, made));
}

/**
 * Removes every other network called `name` but `kept` (the oldest). The engine's duplicate check
 * is not atomic: two replicas (or test files) starting on a fresh engine both create one, and a
 * name held by two networks breaks every launch on it — the engine stores the name in the
 * container and, in swarm mode, answers "network … not found" for an ambiguous one. Each racer
 * keeps the same (oldest) network, so the newer one has no containers yet and can go; one that
 * does have containers stays (the engine refuses) until a later call finds it empty.
 */
async function dropDuplicates(
  docker: Docker,
  name: string,
  kept: Docker.NetworkInspectInfo,
): Promise<Docker.NetworkInspectInfo> {
  const all = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  for (const other of all) {
    if (other.Id === kept.Id) continue;
    // 404: the other racer removed it first; 403/409: it has endpoints, so it stays.
    await docker
      .getNetwork(other.Id)
      .remove()
      .catch(() => undefined);
  }
  return kept;
}

/**
 * Runs the netguard helper on the engine's host network (or, for `fence`, in one container's
 * network namespace: `container:<id>`); answers its output, throws on failure.
 */
export async function runNetguard(docker: Docker, args: string[], networkMode = 'host'): Promise<string> {
  const container = await docker.createContainer({
    Image: NETGUARD_IMAGE,
    Cmd: args,
    Labels: { [LABELS.managed]: 'true', 'org.caster.role': 'netguard' },
    HostConfig: {
      NetworkMode: networkMode,
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'NET_RAW'],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: 64,
      RestartPolicy: { Name: 'no' },
    },
  });
  try {
    await container.start();
    const timer = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error('the netguard helper did not finish in time')),
        HELPER_TIMEOUT_MS,
      ).unref(),
    );
    const { StatusCode } = (await Promise.race([container.wait(), timer])) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true });
    // Demultiplex the 8-byte frame headers of a non-TTY log stream.
    let out = '';
    for (let i = 0; i + 8 <= logs.length;) {
      const size = logs.readUInt32BE(i + 4);
      out += logs.subarray(i + 8, i + 8 + size).toString('utf8');
      i += 8 + size;
    }
    if (StatusCode !== 0) throw new Error(`netguard exited with ${StatusCode}: ${out.trim().slice(0, 500)}`);
    return out.trim();
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * Fences an engine's sessions in: the sessions networks exist with icc off, and the host-side rules
 * are installed (see docker/session-images/netguard/netguard.sh). With a reach network (the API in a
 * container on the sessions network), that network must have icc off and a dynamic IP range, the
 * API holding a static address of the subnet outside it; `<reach>-offline` likewise, if present.
 */
export async function isolateEngine(docker: Docker, reachNetwork: string | null): Promise<IsolationStatus> {
  const networks: IsolationStatus['networks'] = {};
  const rules: string[] = [];
  if (reachNetwork) {
    const problems: string[] = [];
    for (const [key, name] of [
      ['online', reachNetwork],
      ['offline', `${reachNetwork}-offline`],
    ] as const) {
      const found = await findNetwork(docker, name);
      if (!found) {
        if (key === 'online') problems.push(`network ${name} does not exist`);
        continue;
      }
      const f = factsOf(found);
      if (f.icc) problems.push(`network ${name} allows traffic between containers (set enable_icc=false)`);
      else if (!f.subnet || !f.ipRange)
        problems.push(
          `network ${name} needs an IPAM subnet and ip_range (the API's static address outside it)`,
        );
      else {
        networks[key] = f.id;
        rules.push(`${f.bridge}:${key}:${f.subnet}:${f.ipRange}`);
      }
    }
    if (problems.length) return { state: 'failed', detail: problems.join('; '), networks: {}, rules: [] };
  } else {
    for (const key of ['online', 'offline'] as const) {
      const f = await ensureSessionNetwork(docker, SESSION_NETWORKS[key]);
      if (f.icc)
        return {
          state: 'failed',
          detail: `network ${f.name} exists but allows traffic between containers; remove it so Caster recreates it with enable_icc=false`,
          networks: {},
          rules: [],
        };
      networks[key] = f.id;
      rules.push(`${f.bridge}:${key}`);
    }
  }
  const out = await runNetguard(docker, ['apply', ...rules]);
  return { state: 'isolated', detail: out.split('\n').join('; '), networks, rules };
}

/** Where a fenced session may connect: TCP to this host (a name or an IPv4 address) and port only. */
export interface EgressFence {
  host: string;
  port: number;
}

/**
 * Limits a running container's outbound traffic to its one server (the RDP gateway's): the netguard
 * helper joins the container's network namespace and installs the rules there, where the container
 * (no NET_ADMIN) cannot change them and where they end with it. A name is resolved here, to every
 * IPv4 address it has now, and DNS stays open for the container's own lookup of it.
 */
export async function fenceEgress(docker: Docker, containerId: string, fence: EgressFence): Promise<string> {
  const literal = isIPv4(fence.host);
  const addresses = literal
    ? [fence.host]
    : (await lookup(fence.host, { all: true, family: 4 })).map((a) => a.address);
  if (addresses.length === 0) throw new Error(`${fence.host} has no IPv4 address`);
  return runNetguard(
    docker,
    ['fence', ...(literal ? [] : ['--dns']), String(fence.port), ...addresses],
    `container:${containerId}`,
  );
}
