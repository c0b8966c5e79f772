import { describe, expect, it } from 'vitest';
import { sessionsFrameSource } from './dashboard-csp';

describe('sessionsFrameSource', () => {
  it('is the sessions domain with a wildcard first label, keeping scheme and port', () => {
    expect(sessionsFrameSource('http://{id}.localhost:3000')).toBe('http://*.localhost:3000');
    expect(sessionsFrameSource('https://{id}.sessions.example.com')).toBe('https://*.sessions.example.com');
    expect(sessionsFrameSource('https://s-{id}.example.org:8443')).toBe('https://*.example.org:8443');
  });

  it('never names the dashboard itself (a sibling of it at most)', () => {
    // Dashboard at caster.example.com, sessions at <id>.caster.example.com: the frame source is
    // every subdomain of the dashboard's host, not the host.
    expect(sessionsFrameSource('https://{id}.caster.example.com')).toBe('https://*.caster.example.com');
  });
});
