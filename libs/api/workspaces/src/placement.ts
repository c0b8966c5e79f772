import type { Problems } from './docker-options';

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,126}[A-Za-z0-9])?';
const VALUE = '[A-Za-z0-9](?:[A-Za-z0-9_.:/-]{0,253}[A-Za-z0-9])?';
const CONSTRAINT = new RegExp(
  `^(node\\.id|node\\.hostname|node\\.role|node\\.platform\\.os|node\\.platform\\.arch|node\\.labels\\.${NAME}|engine\\.labels\\.${NAME})(==|!=)(${VALUE})$`,
);
export const MAX_PLACEMENT_CONSTRAINTS = 20;

/**
 * Swarm placement constraints: `<attribute>==<value>` or `!=`, attribute one of node.id,
 * node.hostname, node.role (manager|worker), node.platform.os/arch, node.labels.<name>,
 * engine.labels.<name>. Anything else is refused here rather than by the engine at launch time,
 * when a visitor would be the one to see the failure.
 */
export function checkPlacementConstraints(
  constraints: readonly string[],
  path = 'placementConstraints',
): Problems {
  if (constraints.length > MAX_PLACEMENT_CONSTRAINTS)
    return { [path]: `at most ${MAX_PLACEMENT_CONSTRAINTS} constraints` };
  const problems: Problems = {};
  constraints.forEach((constraint, i) => {
    const match = typeof constraint === 'string' ? CONSTRAINT.exec(constraint) : null;
    if (!match) {
      problems[`${path}[${i}]`] =
        'must be like node.labels.gpu==true, node.role!=manager or node.hostname==x (no spaces)';
    } else if (match[1] === 'node.role' && match[3] !== 'manager' && match[3] !== 'worker') {
      problems[`${path}[${i}]`] = 'node.role is manager or worker';
    }
  });
  return problems;
}

/** Workspace run options the Swarm provider has no field for; refused when the workspace runs on Swarm. */
export const SWARM_UNSUPPORTED_RUN_OPTIONS: Record<string, string> = {
  domainname: 'Swarm services cannot set a domain name',
  ipc_mode: 'Swarm services cannot choose an IPC mode',
  security_opt: 'Swarm services cannot set security options',
  network_mode: 'Swarm sessions join SWARM_NETWORK (or publish a port); use network selection instead',
};

export function checkSwarmRunConfig(runConfig: Record<string, unknown>, path = 'runConfig'): Problems {
  const problems: Problems = {};
  for (const key of Object.keys(runConfig)) {
    const why = SWARM_UNSUPPORTED_RUN_OPTIONS[key];
    if (why) problems[`${path}.${key}`] = `${why} (provider swarm)`;
  }
  return problems;
}
