import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './support/databases';
import { startTestApp } from './support/test-app';

describe('first start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('generates an admin password, prints it once, and it signs in', async () => {
    const db = await createTestDatabase();
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const first = await startTestApp({ databaseUrl: db.url, env: { ADMIN_PASSWORD: '' } });
    spy.mockRestore();
    const text = printed.join('');
    const password = /password: (\S+)/.exec(text)?.[1];
    expect(password, text).toBeDefined();
    await first.http().post('/api/auth/login').send({ username: 'admin', password }).expect(200);
    await first.close();

    const again: string[] = [];
    const spy2 = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      again.push(String(chunk));
      return true;
    });
    const second = await startTestApp({ databaseUrl: db.url, env: { ADMIN_PASSWORD: '' } });
    spy2.mockRestore();
    expect(again.join('')).not.toContain(password!);
    await second.http().post('/api/auth/login').send({ username: 'admin', password }).expect(200);
    await second.close();
    await db.drop();
  });

  it('takes ADMIN_PASSWORD when it is set and never prints it', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const t = await startTestApp({ env: { ADMIN_PASSWORD: 'from-the-environment' } });
    spy.mockRestore();
    expect(printed.join('')).not.toContain('from-the-environment');
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
