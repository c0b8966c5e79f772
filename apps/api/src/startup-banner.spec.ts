import { describe, expect, it } from 'vitest';
import { startupBanner } from './startup-banner';

const base = { url: 'http://localhost:3000', database: 'PostgreSQL', readyMs: 812, color: false };

describe('startupBanner', () => {
  it('frames the URL and the first start credentials in one box', () => {
    const text = startupBanner({ ...base, credentials: { username: 'admin', password: 'p4ss-w0rd' } });
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^ {2}┌─+┐$/);
    expect(lines.at(-1)).toMatch(/^ {2}└─+┘$/);
    // Every row is as wide as the frame.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(text).toContain('Caster is running at http://localhost:3000');
    expect(text).toContain('http://localhost:3000/#/login');
    expect(text).toContain('username: admin');
    expect(text).toContain('password: p4ss-w0rd');
  });

  it('never repeats a password that came from ADMIN_PASSWORD, and says nothing of it later', () => {
    const first = startupBanner({ ...base, credentials: { username: 'admin', password: null } });
    expect(first).toContain('ADMIN_PASSWORD');
    expect(first).not.toContain('password:');
    expect(startupBanner({ ...base, credentials: null })).not.toContain('First start');
  });

  it('uses colour only for a terminal', () => {
    const plain = startupBanner({ ...base, credentials: null });
    expect(plain).not.toContain('\x1b[');
    expect(startupBanner({ ...base, color: true, credentials: null })).toContain('\x1b[1m');
  });
});
