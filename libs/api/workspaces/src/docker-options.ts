import { isIP } from 'node:net';
import { posix } from 'node:path';
import {
  DOCKER_EXEC_STAGES,
  GRANTABLE_CAPABILITIES,
  MAX_PIDS_LIMIT,
  type DOCKER_RUN_OPTIONS,
} from '@caster/contracts';
import { splitArgv } from '@caster/api/core';

/**
 * The allow-list for an administrator's Docker options (docker-py / Kasm "Docker Run Config
 * Override" names). Pure functions: each answers `{ "<path>": "what is wrong" }`, empty when the
 * options are safe. Allow-list, not deny-list: an option nobody reviewed is refused, so a new
 * Docker feature can never open a hole by default.
 */
export type Problems = Record<string, string>;

/** Why the dangerous options people ask for are refused (anything else unknown is "not allowed"). */
const REFUSED: Record<string, string> = {
  devices: 'host devices are never passed through',
  device_requests: 'host devices (GPUs included) are never passed through',
  device_cgroup_rules: 'host devices are never passed through',
  pid_mode: 'the host PID namespace is never shared',
  userns_mode: 'user-namespace remapping cannot be turned off',
  uts_mode: 'the host UTS namespace is never shared',
  cgroupns: 'the host cgroup namespace is never shared',
  cgroup_parent: 'the cgroup parent is managed by Caster',
  mounts: 'use "volumes" (bind mounts under VOLUME_ROOTS)',
  volumes_from: "sharing another container's volumes is not allowed",
  volume_driver: 'volume drivers are not allowed',
  ports: 'Caster publishes the session port itself',
  publish_all_ports: 'Caster publishes the session port itself',
  network: 'use allowedNetworks (network selection) or network_mode',
  networking_config: 'use allowedNetworks (network selection) or network_mode',
  links: 'container links are not allowed; use a network',
  sysctls: 'kernel parameters cannot be changed',
  runtime: 'the container runtime is chosen by Caster',
  oom_kill_disable: 'the OOM killer cannot be turned off',
  group_add: 'supplementary groups are not allowed',
  mem_limit: 'use the memoryMb field',
  memswap_limit: 'use the memoryMb field',
  nano_cpus: 'use the cores field',
  cpu_quota: 'use the cores field',
  cpu_period: 'use the cores field',
  cpu_shares: 'use the cores field',
  cpuset_cpus: 'use the cores field',
  name: 'Caster names session containers',
  image: 'use the image field',
  restart_policy: "Caster manages the container's lifecycle",
  auto_remove: "Caster manages the container's lifecycle",
  detach: "Caster manages the container's lifecycle",
  remove: "Caster manages the container's lifecycle",
};

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const USER = /^[A-Za-z0-9_.-]{1,64}(?::[A-Za-z0-9_.-]{1,64})?$/;
const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;
const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CAPABILITY = /^(?:ALL|(?:CAP_)?[A-Z][A-Z_]{1,30})$/;
const SIZE = /^\d{1,15}[bkmg]?$/i;
const SIGNAL = /^(?:SIG)?[A-Z0-9+]{1,16}$/;
const ULIMITS = new Set(['nofile', 'nproc', 'core']);
const GRANTABLE = new Set<string>(GRANTABLE_CAPABILITIES);
const NO_NEW_PRIVILEGES = new Set(['no-new-privileges', 'no-new-privileges:true']);
const OWN_LABEL_PREFIX = 'org.caster.';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = 4096): v is string =>
  typeof v === 'string' && v.length <= max && !v.includes('\0');
const isAbsolutePath = (v: unknown): v is string =>
  isString(v, 1024) && v.startsWith('/') && !v.split('/').includes('..');
const isWholeNumber = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** True when `hostPath` is one of the roots or below one (".." is refused outright, never resolved). */
export function isInsideVolumeRoots(hostPath: string, roots: readonly string[]): boolean {
  if (!isAbsolutePath(hostPath)) return false;
  const normal = posix.normalize(hostPath).replace(/\/+$/, '') || '/';
  return roots.some((root) => normal === root || normal.startsWith(`${root}/`));
}

/**
 * Docker image references as the distribution/reference grammar defines them:
 * `[registry[:port]/]path[:tag][@digest]`, path components lower-case.
 */
export function isDockerImageReference(ref: string): boolean {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 512) return false;
  const match =
    /^([^@]+?)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/.exec(
      ref,
    );
  if (!match) return false;
  const name = match[1];
  if (name.length > 255) return false;
  const parts = name.split('/');
  const first = parts[0];
  // The first component is a registry only if it looks like one (has a dot or port, or is localhost).
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    const registry =
      /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*(?::\d{1,5})?$/;
    if (!registry.test(first)) return false;
    parts.shift();
  }
  const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
  return parts.length > 0 && parts.every((p) => component.test(p));
}

/** Environment variables: `NAME` upper-case letters, digits and _, values strings. */
export function checkEnv(env: unknown, path: string): Problems {
  const problems: Problems = {};
  const entries: [string, unknown][] = [];
  if (isObject(env)) entries.push(...Object.entries(env));
  else if (Array.isArray(env)) {
    // docker-py also takes ["NAME=value", …]
    env.forEach((item, i) => {
      const eq = typeof item === 'string' ? item.indexOf('=') : -1;
      if (eq <= 0) problems[`${path}[${i}]`] = 'expected "NAME=value"';
      else entries.push([(item as string).slice(0, eq), (item as string).slice(eq + 1)]);
    });
  } else return { [path]: 'must be an object of NAME → value' };
  if (entries.length > 200) problems[path] = 'at most 200 variables';
  for (const [key, value] of entries) {
    if (!ENV_KEY.test(key) || key.length > 128) {
      problems[`${path}.${key}`] = 'names are upper-case letters, digits and _, not starting with a digit';
    } else if (!isString(value, 32_768)) problems[`${path}.${key}`] = 'must be a string (at most 32 KiB)';
  }
  return problems;
}

function checkStringMap(value: unknown, path: string, checkKey: (k: string) => string | null): Problems {
  if (!isObject(value)) return { [path]: 'must be an object' };
  const problems: Problems = {};
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = checkKey(key);
    if (keyProblem) problems[`${path}.${key}`] = keyProblem;
    else if (!isString(v, 1024)) problems[`${path}.${key}`] = 'must be a string';
  }
  return problems;
}

function checkStringList(value: unknown, path: string, ok: (s: string) => boolean, what: string): Problems {
  if (!Array.isArray(value)) return { [path]: 'must be a list' };
  if (value.length > 100) return { [path]: 'at most 100 entries' };
  const problems: Problems = {};
  value.forEach((item, i) => {
    if (!isString(item, 1024) || !ok(item)) problems[`${path}[${i}]`] = what;
  });
  return problems;
}

function checkCommand(value: unknown, path: string): Problems {
  if (isString(value, 8192)) return {};
  if (Array.isArray(value) && value.length <= 100 && value.every((v) => isString(v, 4096))) return {};
  return { [path]: 'must be a string or a list of strings' };
}

/** docker-py volumes: `{ "/host/path": { bind: "/container/path", mode: "ro" } }` or `["/host:/container:ro"]`. */
function checkVolumes(value: unknown, path: string, roots: readonly string[]): Problems {
  const binds: { key: string; host: unknown; container: unknown; mode: unknown }[] = [];
  if (isObject(value)) {
    for (const [host, spec] of Object.entries(value)) {
      if (isObject(spec))
        binds.push({ key: `${path}.${host}`, host, container: spec['bind'], mode: spec['mode'] });
      else binds.push({ key: `${path}.${host}`, host, container: undefined, mode: undefined });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const [host, container, mode, ...rest] = typeof item === 'string' ? item.split(':') : [];
      binds.push({ key: `${path}[${i}]`, host, container, mode: rest.length > 0 ? '' : (mode ?? 'rw') });
    });
  } else
    return { [path]: 'must be an object of host path → { bind, mode } or a list of "host:container[:mode]"' };

  const problems: Problems = {};
  for (const bind of binds) {
    if (!isAbsolutePath(bind.host)) {
      problems[bind.key] =
        'the host side must be an absolute path without ".." (named volumes are not allowed)';
    } else if (roots.length === 0) {
      problems[bind.key] = 'bind mounts are not allowed: no VOLUME_ROOTS are configured';
    } else if (!isInsideVolumeRoots(bind.host, roots)) {
      problems[bind.key] = `the host path must be inside ${roots.join(' or ')}`;
    } else if (!isAbsolutePath(bind.container)) {
      problems[bind.key] = 'the container path ("bind") must be an absolute path';
    } else if (bind.mode !== undefined && bind.mode !== 'ro' && bind.mode !== 'rw') {
      problems[bind.key] = 'mode must be "ro" or "rw"';
    }
  }
  return problems;
}

function checkUlimits(value: unknown, path: string): Problems {
  if (!Array.isArray(value)) return { [path]: 'must be a list of { name, soft, hard }' };
  const problems: Problems = {};
  value.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item) || !ULIMITS.has(item['name'] as string)) {
      problems[at] = `name must be one of ${[...ULIMITS].join(', ')}`;
      return;
    }
    const extra = Object.keys(item).filter((k) => !['name', 'soft', 'hard'].includes(k));
    if (extra.length > 0) problems[at] = `unknown keys: ${extra.join(', ')}`;
    else if (!isWholeNumber(item['soft'], 0, 1 << 30) || !isWholeNumber(item['hard'], 0, 1 << 30)) {
      problems[at] = 'soft and hard must be whole numbers';
    } else if (item['soft'] > item['hard']) problems[at] = 'soft must not exceed hard';
  });
  return problems;
}

type OptionCheck = (value: unknown, path: string, roots: readonly string[]) => Problems;
const needs = (ok: boolean, path: string, what: string): Problems => (ok ? {} : { [path]: what });

const RUN_OPTION_CHECKS: Record<(typeof DOCKER_RUN_OPTIONS)[number], OptionCheck> = {
  hostname: (v, p) => needs(isString(v) && HOSTNAME.test(v), p, 'must be a valid host name'),
  domainname: (v, p) => needs(isString(v) && HOSTNAME.test(v), p, 'must be a valid domain name'),
  user: (v, p) =>
    needs(
      (isString(v) && USER.test(v)) || isWholeNumber(v, 0, 2 ** 31),
      p,
      'must be a user name or uid[:gid]',
    ),
  working_dir: (v, p) => needs(isAbsolutePath(v), p, 'must be an absolute path'),
  entrypoint: checkCommand,
  command: checkCommand,
  environment: (v, p) => checkEnv(v, p),
  labels: (v, p) =>
    checkStringMap(v, p, (k) =>
      k.startsWith(OWN_LABEL_PREFIX) ? `labels under ${OWN_LABEL_PREFIX} are reserved for Caster` : null,
    ),
  shm_size: (v, p) =>
    needs(
      isWholeNumber(v, 1, 2 ** 40) || (isString(v) && SIZE.test(v)),
      p,
      'must be bytes or a size like "512m"',
    ),
  tmpfs: (v, p) => {
    if (Array.isArray(v))
      return checkStringList(v, p, (s) => isAbsolutePath(s.split(':')[0]), 'must be "/path[:options]"');
    return checkStringMap(v, p, (k) => (isAbsolutePath(k) ? null : 'must be an absolute container path'));
  },
  dns: (v, p) => checkStringList(v, p, (s) => isIP(s) !== 0, 'must be an IP address'),
  dns_search: (v, p) => checkStringList(v, p, (s) => HOSTNAME.test(s), 'must be a domain name'),
  dns_opt: (v, p) =>
    checkStringList(v, p, (s) => /^[A-Za-z0-9_.:-]{1,64}$/.test(s), 'must be a resolver option'),
  extra_hosts: (v, p) => checkStringMap(v, p, (k) => (HOSTNAME.test(k) ? null : 'must be a host name')),
  network_mode: (v, p) => {
    if (!isString(v)) return { [p]: 'must be a string' };
    if (v === 'host') return { [p]: 'the host network is never shared' };
    if (v.startsWith('container:')) return { [p]: "another container's network is never shared" };
    return needs(NETWORK_NAME.test(v), p, 'must be "bridge", "none" or a network name');
  },
  ipc_mode: (v, p) => {
    if (v === 'host') return { [p]: 'the host IPC namespace is never shared' };
    return needs(
      v === 'private' || v === 'shareable' || v === 'none',
      p,
      'must be "private", "shareable" or "none"',
    );
  },
  privileged: (v, p) => needs(v === false, p, 'privileged containers are never allowed'),
  cap_drop: (v, p) => checkStringList(v, p, (s) => CAPABILITY.test(s), 'must be a capability name'),
  // Sessions start with every capability dropped; only Docker's harmless defaults may come back.
  cap_add: (v, p) =>
    checkStringList(
      v,
      p,
      (s) => GRANTABLE.has(s.toUpperCase().replace(/^CAP_/, '')),
      `only ${GRANTABLE_CAPABILITIES.join(', ')} may be added; other capabilities are never granted`,
    ),
  security_opt: (v, p) =>
    checkStringList(
      v,
      p,
      (s) => NO_NEW_PRIVILEGES.has(s),
      'only "no-new-privileges" may be set; other security options are never changed',
    ),
  volumes: checkVolumes,
  read_only: (v, p) => needs(typeof v === 'boolean', p, 'must be true or false'),
  init: (v, p) => needs(typeof v === 'boolean', p, 'must be true or false'),
  stop_signal: (v, p) =>
    needs((isString(v) && SIGNAL.test(v)) || isWholeNumber(v, 1, 64), p, 'must be a signal name or number'),
  pids_limit: (v, p) =>
    needs(isWholeNumber(v, 1, MAX_PIDS_LIMIT), p, `must be a whole number from 1 to ${MAX_PIDS_LIMIT}`),
  ulimits: (v, p) => checkUlimits(v, p),
};

/** Checks a workspace's runConfig against the allow-list; bind mounts only under `volumeRoots`. */
export function checkRunConfig(
  config: unknown,
  volumeRoots: readonly string[],
  path = 'runConfig',
): Problems {
  if (!isObject(config)) return { [path]: 'must be a JSON object' };
  const problems: Problems = {};
  for (const [key, value] of Object.entries(config)) {
    const at = `${path}.${key}`;
    const check = (RUN_OPTION_CHECKS as Record<string, OptionCheck | undefined>)[key];
    if (!Object.prototype.hasOwnProperty.call(RUN_OPTION_CHECKS, key) || !check) {
      problems[at] = REFUSED[key] ?? 'not an allowed Docker option';
      continue;
    }
    Object.assign(problems, check(value, at, volumeRoots));
  }
  return problems;
}

const EXEC_KEYS = new Set(['cmd', 'user', 'workdir', 'environment', 'privileged']);

/** Kasm exec config: `{ first_launch?, go?, assign? }`, each `{ cmd, user?, workdir?, environment?, privileged?: false }`. */
export function checkExecConfig(config: unknown, path = 'execConfig'): Problems {
  if (!isObject(config)) return { [path]: 'must be a JSON object' };
  const problems: Problems = {};
  for (const [stage, spec] of Object.entries(config)) {
    const at = `${path}.${stage}`;
    if (!(DOCKER_EXEC_STAGES as readonly string[]).includes(stage)) {
      problems[at] = `unknown stage; expected ${DOCKER_EXEC_STAGES.join(', ')}`;
      continue;
    }
    if (!isObject(spec)) {
      problems[at] = 'must be an object with at least "cmd"';
      continue;
    }
    for (const key of Object.keys(spec)) {
      if (!EXEC_KEYS.has(key)) problems[`${at}.${key}`] = 'not an allowed exec option';
    }
    if (!isString(spec['cmd'], 8192) || spec['cmd'].trim() === '')
      problems[`${at}.cmd`] = 'must be a command';
    else {
      // Run as argv (split like a shell's words, never by a shell): a line that cannot be split
      // is refused now rather than failing every launch.
      try {
        splitArgv(spec['cmd']);
      } catch (e) {
        problems[`${at}.cmd`] = e instanceof Error ? e.message : 'cannot be split into words';
      }
    }
    if (spec['user'] !== undefined && !(isString(spec['user']) && USER.test(spec['user']))) {
      problems[`${at}.user`] = 'must be a user name or uid[:gid]';
    }
    if (spec['workdir'] !== undefined && !isAbsolutePath(spec['workdir'])) {
      problems[`${at}.workdir`] = 'must be an absolute path';
    }
    if (spec['environment'] !== undefined)
      Object.assign(problems, checkEnv(spec['environment'], `${at}.environment`));
    if (spec['privileged'] !== undefined && spec['privileged'] !== false) {
      problems[`${at}.privileged`] = 'privileged commands are never allowed';
    }
  }
  return problems;
}

/** Docker network names a user may pick from; never the host network. */
export function checkNetworks(networks: readonly string[], path = 'allowedNetworks'): Problems {
  const problems: Problems = {};
  networks.forEach((name, i) => {
    if (name === 'host') problems[`${path}[${i}]`] = 'the host network is never allowed';
    else if (!NETWORK_NAME.test(name)) problems[`${path}[${i}]`] = 'must be a Docker network name';
  });
  return problems;
}

const PROFILE_PLACEHOLDERS = new Set(['{username}', '{user_id}', '{image_id}', '{workspace_id}']);

/**
 * Persistent profile path: an absolute host path inside a volume root; `{username}`, `{user_id}`,
 * `{image_id}` and `{workspace_id}` are filled in at launch (each must be a whole path component).
 */
export function checkProfilePath(
  value: string,
  roots: readonly string[],
  path = 'persistentProfilePath',
): Problems {
  if (roots.length === 0) return { [path]: 'persistent profiles need VOLUME_ROOTS to be configured' };
  if (!isAbsolutePath(value)) return { [path]: 'must be an absolute path without ".."' };
  const components = value.split('/').filter(Boolean);
  for (const c of components) {
    if (c.includes('{') || c.includes('}')) {
      if (!PROFILE_PLACEHOLDERS.has(c)) {
        return { [path]: `placeholders are whole path components: ${[...PROFILE_PLACEHOLDERS].join(', ')}` };
      }
    }
  }
  // The fixed part (before the first placeholder) must already be inside a root.
  const fixed: string[] = [];
  for (const c of components) {
    if (PROFILE_PLACEHOLDERS.has(c)) break;
    fixed.push(c);
  }
  const fixedPath = `/${fixed.join('/')}`;
  const inside = roots.some((root) => {
    if (fixed.length === components.length)
      return isInsideVolumeRoots(fixedPath, [root]) && fixedPath !== root;
    return isInsideVolumeRoots(fixedPath, [root]);
  });
  return inside ? {} : { [path]: `must be inside ${roots.join(' or ')}` };
}
