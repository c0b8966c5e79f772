import type Docker from 'dockerode';
import { GRANTABLE_CAPABILITIES, MAX_PIDS_LIMIT } from '@caster/contracts';

export { GRANTABLE_CAPABILITIES, MAX_PIDS_LIMIT };

/**
 * What every session container gets unless its workspace says otherwise: a visitor is hostile, so
 * a session must not fork-bomb the host, gain privileges through a setuid binary, or use a
 * capability it has no need for. Caster's own images (tiny-app, desktop) run with none at all.
 */
export const SESSION_DEFAULTS = {
  /** Processes and threads in the container (its pids cgroup). A desktop uses about 60. */
  pidsLimit: 512,
  /**
   * Per process. `nproc` is deliberately not set by default: without user namespaces RLIMIT_NPROC
   * counts every process of that uid on the whole host (all sessions run as uid 1000), so a
   * per-container value would make the 10th session fail to fork. The pids limit is the
   * per-container bound.
   */
  ulimits: [{ Name: 'nofile', Soft: 8192, Hard: 16384 }],
} as const;

const GRANTABLE = new Set<string>(GRANTABLE_CAPABILITIES);

/** `cap_setuid`, `CAP_SETUID`, `setuid` → `SETUID`. */
export function capabilityName(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

/** The workspace's cap_add reduced to what may be granted (the allow-list refused the rest already). */
export function grantableCapabilities(names: readonly string[] | undefined): string[] {
  return [...new Set((names ?? []).map(capabilityName).filter((n) => GRANTABLE.has(n)))];
}

/** The workspace's ulimits over the defaults (by name). */
export function sessionUlimits(
  own: Docker.HostConfig['Ulimits'],
): { Name: string; Soft: number; Hard: number }[] {
  const byName = new Map<string, { Name: string; Soft: number; Hard: number }>();
  for (const u of SESSION_DEFAULTS.ulimits) byName.set(u.Name, { ...u });
  for (const u of own ?? [])
    if (u.Name && u.Soft !== undefined && u.Hard !== undefined)
      byName.set(u.Name, { Name: u.Name, Soft: u.Soft, Hard: u.Hard });
  return [...byName.values()];
}

/** The pids limit: the workspace's (1…MAX_PIDS_LIMIT) or the default; never unlimited. */
export function sessionPidsLimit(own: number | null | undefined): number {
  return typeof own === 'number' && Number.isInteger(own) && own >= 1
    ? Math.min(own, MAX_PIDS_LIMIT)
    : SESSION_DEFAULTS.pidsLimit;
}

/**
 * The HostConfig fields that confine a plain-Docker session, over whatever the workspace set:
 * every capability dropped and only grantable ones added back, no-new-privileges, a pids limit,
 * ulimits, never privileged. Applied last, so no workspace option can undo them.
 */
export function hardenedHostConfig(own: Docker.HostConfig = {}): Docker.HostConfig {
  return {
    Privileged: false,
    CapDrop: ['ALL'],
    CapAdd: grantableCapabilities(own.CapAdd as string[] | undefined),
    SecurityOpt: ['no-new-privileges:true'],
    PidsLimit: sessionPidsLimit(own.PidsLimit),
    Ulimits: sessionUlimits(own.Ulimits),
  };
}
