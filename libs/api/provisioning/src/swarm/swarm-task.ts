import type Docker from 'dockerode';
import { ProvisionError } from '../provision-error';

/** The parts of a Swarm task (GET /tasks) Caster reads; dockerode leaves tasks untyped. */
export interface SwarmTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  DesiredState?: string;
  CreatedAt?: string;
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
    PortStatus?: { Ports?: Docker.PortConfig[] };
  };
  NetworksAttachments?: { Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }[];
}

export type TaskOutcome =
  | { kind: 'running' }
  /** Not yet running; `noNode` is the scheduler's complaint when no node can take it. */
  | { kind: 'waiting'; noNode: string | null }
  | { kind: 'failed'; error: ProvisionError };

const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove']);

/** The newest task of a service (with RestartPolicy none there is only one). */
export function newestTask(tasks: SwarmTask[]): SwarmTask | undefined {
  return [...tasks].sort((a, b) => (b.CreatedAt ?? '').localeCompare(a.CreatedAt ?? ''))[0];
}

/** Where a launch stands, read from its task. */
export function taskOutcome(task: SwarmTask | undefined): TaskOutcome {
  const state = task?.Status?.State ?? 'new';
  const err = task?.Status?.Err ?? '';
  if (state === 'running') return { kind: 'running' };
  if (ENDED.has(state)) {
    const detail = err || task?.Status?.Message || state;
    if (/no such image|pull access denied|manifest unknown|repository does not exist/i.test(err))
      return {
        kind: 'failed',
        error: new ProvisionError('IMAGE_NOT_FOUND', `the task was ${state}: ${detail}`),
      };
    return { kind: 'failed', error: new ProvisionError('TASK_FAILED', `the task was ${state}: ${detail}`) };
  }
  if (state === 'pending' && /no suitable node|insufficient resources/i.test(err))
    return { kind: 'waiting', noNode: err };
  return { kind: 'waiting', noNode: null };
}

/** The task's address on `network` (by name or id), without the prefix length. */
export function taskAddress(task: SwarmTask, network: string): string | null {
  const attachment = task.NetworksAttachments?.find(
    (a) => a.Network?.Spec?.Name === network || a.Network?.ID === network,
  );
  return attachment?.Addresses?.[0]?.split('/')[0] ?? null;
}
