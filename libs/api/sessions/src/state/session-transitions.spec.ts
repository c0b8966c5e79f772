import { describe, expect, it } from 'vitest';
import { SESSION_STATES } from '@caster/contracts';
import { SESSION_TRANSITIONS, assertTransitions, mayTransition } from './session-transitions';

describe('session transitions', () => {
  it('lets a launch go provisioning → starting → running → stopping → stopped', () => {
    expect(mayTransition('provisioning', 'starting')).toBe(true);
    expect(mayTransition('starting', 'running')).toBe(true);
    expect(mayTransition('running', 'stopping')).toBe(true);
    expect(mayTransition('stopping', 'stopped')).toBe(true);
  });

  it('lets a warm session be claimed or stopped, never failed or restarted', () => {
    expect(mayTransition('starting', 'staged')).toBe(true);
    expect(mayTransition('staged', 'running')).toBe(true);
    expect(mayTransition('staged', 'stopping')).toBe(true);
    expect(mayTransition('staged', 'failed')).toBe(false);
    expect(mayTransition('staged', 'provisioning')).toBe(false);
  });

  it('never moves a session out of stopped or failed', () => {
    for (const to of SESSION_STATES) {
      expect(mayTransition('stopped', to)).toBe(false);
      expect(mayTransition('failed', to)).toBe(false);
    }
  });

  it('fails only a launch, never a running session', () => {
    expect(mayTransition('provisioning', 'failed')).toBe(true);
    expect(mayTransition('starting', 'failed')).toBe(true);
    expect(mayTransition('running', 'failed')).toBe(false);
    expect(mayTransition('stopping', 'failed')).toBe(false);
  });

  it('names every state, and every target is a state', () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual([...SESSION_STATES].sort());
    for (const targets of Object.values(SESSION_TRANSITIONS))
      for (const t of targets) expect(SESSION_STATES).toContain(t);
  });

  it('refuses a set of origins when any one of them may not move', () => {
    expect(() => assertTransitions(['provisioning', 'starting'], 'failed')).not.toThrow();
    expect(() => assertTransitions(['starting', 'running'], 'failed')).toThrow(/running → failed/);
  });
});
