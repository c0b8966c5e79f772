import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { parseSessionOrigins } from './session-origins';

const ID = '50faa543-9c57-4b51-8cd8-68dac9256e4b';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('SESSIONS_URL', () => {
  it('defaults to a loopback subdomain on a workstation', () => {
    const c = parseConfig({ PORT: '4100' });
    expect(c.sessions.template).toBe('http://{id}.localhost:4100');
    expect(c.sessions.urlFor(ID)).toBe(`http://${ID}.localhost:4100/`);
    expect(c.sessions.originFor(ID.toUpperCase())).toBe(`http://${ID}.localhost:4100`);
    expect(c.sessions.secure).toBe(true);
    expect(c.sessions.dashboardOrigins).toContain('http://127.0.0.1:4100');
  });

  it("defaults to *.localhost on PUBLIC_URL's port when PUBLIC_URL is a loopback address", () => {
    const c = parseConfig({ PUBLIC_URL: 'http://127.0.0.1:38699', PORT: '3000' });
    expect(c.sessions.originFor(ID)).toBe(`http://${ID}.localhost:38699`);
    expect(c.sessions.dashboardOrigins).toEqual(['http://127.0.0.1:38699']);
    expect(parseConfig({ PUBLIC_URL: 'http://[::1]:4000' }).sessions.originFor(ID)).toBe(
      `http://${ID}.localhost:4000`,
    );
  });

  it('asks for SESSIONS_URL when PUBLIC_URL is another IP address (no subdomains exist)', () => {
    expect(problemsOf({ PUBLIC_URL: 'http://203.0.113.7:3000' }).join('\n')).toMatch(
      /SESSIONS_URL: required when PUBLIC_URL's host is an IP address/,
    );
    expect(
      problemsOf({ PUBLIC_URL: 'http://203.0.113.7:3000', SESSIONS_URL: 'https://{id}.s.example.net' }),
    ).toEqual([]);
  });

  it('defaults to a subdomain of PUBLIC_URL when that is set', () => {
    const c = parseConfig({ PUBLIC_URL: 'https://caster.example.com:8443/' });
    expect(c.sessions.urlFor(ID)).toBe(`https://${ID}.caster.example.com:8443/`);
    expect(c.sessions.dashboardOrigins).toEqual(['https://caster.example.com:8443']);
  });

  it('takes a template on a domain of its own', () => {
    const c = parseConfig({ SESSIONS_URL: 'https://s-{id}.sessions.example.net/' });
    expect(c.sessions.originFor(ID)).toBe(`https://s-${ID}.sessions.example.net`);
    expect(c.sessions.sessionIdFromHost(`S-${ID.toUpperCase()}.Sessions.Example.NET`)).toBe(ID);
    expect(c.sessions.sessionIdFromHost(`s-${ID}.sessions.example.net:443`)).toBe(ID);
    expect(c.sessions.sessionIdFromHost(`s-${ID}.sessions.example.net:444`)).toBeNull();
    expect(c.sessions.secure).toBe(true);
  });

  it('matches only hosts of the template', () => {
    const o = parseSessionOrigins('http://{id}.localhost:3000', []);
    if (typeof o === 'string') throw new Error(o);
    expect(o.sessionIdFromHost(`${ID}.localhost:3000`)).toBe(ID);
    for (const host of [
      'localhost:3000',
      '127.0.0.1:3000',
      `${ID}.localhost`,
      `${ID}.localhost:3001`,
      `x${ID}.localhost:3000`,
      `${ID}.evil.localhost:3000`,
      `${ID}.localhost.evil.com:3000`,
      `not-a-uuid.localhost:3000`,
      undefined,
    ])
      expect(o.sessionIdFromHost(host)).toBeNull();
  });

  it('uses SameSite=Lax cookies for a plain-http domain that is not loopback', () => {
    const c = parseConfig({ SESSIONS_URL: 'http://{id}.sessions.lan' });
    expect(c.sessions.secure).toBe(false);
  });

  it('refuses templates that would not give each session its own host', () => {
    for (const [value, says] of [
      ['https://sessions.example.com', '{id}'],
      ['https://{id}.{id}.example.com', 'exactly once'],
      ['https://example.com/{id}', 'origin only'],
      ['https://x.{id}.example.com', 'first label'],
      ['https://{id}.example.com/sessions', 'origin only'],
      ['https://{id}.example.com?x=1', 'origin only'],
      ['ftp://{id}.example.com', 'http or https'],
      ['https://{id}', 'domain after'],
      ['https://u:p@{id}.example.com', 'user name'],
    ] as const) {
      const problems = problemsOf({ SESSIONS_URL: value });
      expect(problems.join('\n'), value).toContain('SESSIONS_URL');
      expect(problems.join('\n'), value).toContain(says);
    }
  });
});
