import { describe, expect, it } from 'vitest';
import { newestTask, taskAddress, taskOutcome, type SwarmTask } from './swarm-task';

const task = (status: SwarmTask['Status'], extra: Partial<SwarmTask> = {}): SwarmTask => ({
  ID: 't',
  ServiceID: 's',
  Status: status,
  ...extra,
});

describe('taskOutcome', () => {
  it('reads running, waiting, no node, a missing image and other failures', () => {
    expect(taskOutcome(task({ State: 'running' }))).toEqual({ kind: 'running' });
    expect(taskOutcome(undefined)).toEqual({ kind: 'waiting', noNode: null });
    expect(taskOutcome(task({ State: 'preparing' }))).toEqual({ kind: 'waiting', noNode: null });
    expect(
      taskOutcome(
        task({ State: 'pending', Err: 'no suitable node (scheduling constraints not satisfied on 1 node)' }),
      ),
    ).toEqual({
      kind: 'waiting',
      noNode: 'no suitable node (scheduling constraints not satisfied on 1 node)',
    });
    expect(
      taskOutcome(task({ State: 'pending', Err: 'no suitable node (insufficient resources on 3 nodes)' })),
    ).toMatchObject({ noNode: expect.stringContaining('insufficient resources') });

    const missing = taskOutcome(task({ State: 'rejected', Err: 'No such image: caster/nope:latest' }));
    expect(missing.kind === 'failed' && missing.error.reason).toBe('IMAGE_NOT_FOUND');
    const crashed = taskOutcome(task({ State: 'failed', Err: 'task: non-zero exit (1)' }));
    expect(crashed.kind === 'failed' && crashed.error.reason).toBe('TASK_FAILED');
    expect(crashed.kind === 'failed' && crashed.error.message).toContain('non-zero exit (1)');
  });

  it('picks the newest task and its address on a network by name or id', () => {
    const old = task({ State: 'failed' }, { ID: 'a', CreatedAt: '2025-01-01T00:00:00Z' });
    const fresh = task(
      { State: 'running' },
      {
        ID: 'b',
        CreatedAt: '2025-01-02T00:00:00Z',
        NetworksAttachments: [
          { Network: { ID: 'n1', Spec: { Name: 'ingress' } }, Addresses: ['10.0.0.5/24'] },
          { Network: { ID: 'n2', Spec: { Name: 'caster_sessions' } }, Addresses: ['10.0.9.7/24'] },
        ],
      },
    );
    expect(newestTask([old, fresh])?.ID).toBe('b');
    expect(taskAddress(fresh, 'caster_sessions')).toBe('10.0.9.7');
    expect(taskAddress(fresh, 'n2')).toBe('10.0.9.7');
    expect(taskAddress(fresh, 'other')).toBeNull();
  });
});
