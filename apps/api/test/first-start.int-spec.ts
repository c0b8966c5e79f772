import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './support/databases';
import { startTestApp } from './support/test-app';
import { AdminBootstrapService } from '@caster/api/auth';
import { startupBanner } from '../src/startup-banner';

/** What the app writes to stdout meanwhile. */
function captureStdout(): { stop(): string } {
  const printed: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  return {
    stop() {
      spy.mockRestore();
      return printed.join('');
    },
  };
}

describe('first start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('generates an admin password, hands it to the start-up banner once, and it signs in', async () => {
    const db = await createTestDatabase();
    const printed = captureStdout();
    const first = await startTestApp({ databaseUrl: db.url, env: { ADMIN_PASSWORD: '' } });
    const credentials = first.app.get(AdminBootstrapService).takeFirstStartCredentials();
    expect(credentials?.username).toBe('admin');
    const password = credentials?.password;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // Handed out once, and never written by the app itself (main.ts prints the banner).
    expect(first.app.get(AdminBootstrapService).takeFirstStartCredentials()).toBeNull();
    expect(printed.stop()).not.toContain(password!);
    await first.http().post('/api/auth/login').send({ username: 'admin', password }).expect(200);
    await first.close();

    const second = await startTestApp({ databaseUrl: db.url, env: { ADMIN_PASSWORD: '' } });
    expect(second.app.get(AdminBootstrapService).takeFirstStartCredentials()).toBeNull();
    await second.http().post('/api/auth/login').send({ username: 'admin', password }).expect(200);
    await second.close();
    await db.drop();
  });

  it('takes ADMIN_PASSWORD when it is set and never prints it', async () => {
    const printed = captureStdout();
    const t = await startTestApp({ env: { ADMIN_PASSWORD: 'from-the-environment' } });
    const credentials = t.app.get(AdminBootstrapService).takeFirstStartCredentials();
    expect(printed.stop()).not.toContain('from-the-environment');
    expect(credentials).toEqual({ username: 'admin', password: null });
    expect(
      startupBanner({ url: 'http://x', database: 'd', readyMs: 1, credentials, color: false }),
    ).not.toContain('from-the-environment');
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'from-the-environment' })
      .expect(200);
    await t.close();
  });

  it('keeps the embedded database across restarts in DATA_DIR', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'caster-data-'));
    const a = await startTestApp({ db: 'pglite', dataDir: dir });
    const token = await a.login();
    await a.close();
    const b = await startTestApp({ db: 'pglite', dataDir: dir, env: { ADMIN_PASSWORD: 'a-different-one' } });
    // The admin made on the first start (with the first password) is still there; the token too.
    await b.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
