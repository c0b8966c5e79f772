import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createUser, type ApiClient } from './support/api-client';
import { mappedRoutes } from './support/routes';
import { startTestApp, type TestApp } from './support/test-app';

describe('admin routes and their documentation (PostgreSQL)', () => {
  let t: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ db: 'postgres' });
    admin = await adminClient(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a signed-in non-admin with 403 FORBIDDEN on every admin route', async () => {
    const user = await createUser(t, admin);
    const adminRoutes = mappedRoutes(t).filter((r) => r.access === 'admin');
    expect(adminRoutes.length).toBeGreaterThanOrEqual(20);
    for (const { method, path } of adminRoutes) {
      const concrete = path.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const res = await t
        .http()
        [method.toLowerCase() as 'get'](concrete)
        .set('Authorization', `Bearer ${user.client.token}`)
        .send({});
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code, `${method} ${path}`).toBe('FORBIDDEN');
    }
  });

  it('every admin route starts with /api/admin/ and declares admin access', () => {
    for (const r of mappedRoutes(t).filter((r) => r.path.startsWith('/api/admin/'))) {
      expect(r.access, `${r.method} ${r.path}`).toBe('admin');
    }
  });

  it('documents every route of users, groups, workspaces and settings in OpenAPI, secrets write-only', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
      components: { schemas: Record<string, { properties?: Record<string, { writeOnly?: boolean }> }> };
    };
    const expected: [string, string[]][] = [
      ['/api/admin/users', ['get', 'post']],
      ['/api/admin/users/{id}', ['get', 'patch', 'put', 'delete']],
      ['/api/admin/users/{id}/effective-settings', ['get']],
      ['/api/admin/groups', ['get', 'post']],
      ['/api/admin/groups/{id}', ['get', 'patch', 'put', 'delete']],
      ['/api/admin/workspaces', ['get', 'post']],
      ['/api/admin/workspaces/{id}', ['get', 'patch', 'put', 'delete']],
      ['/api/admin/settings', ['get', 'put']],
      ['/api/workspaces', ['get']],
    ];
    for (const [path, methods] of expected) {
      expect(doc.paths[path], path).toBeDefined();
      for (const m of methods) {
        expect(doc.paths[path][m]?.summary, `${m} ${path}`).toEqual(expect.any(String));
        expect(doc.paths[path][m]?.tags?.length, `${m} ${path}`).toBeGreaterThan(0);
      }
    }
    const schemas = doc.components.schemas;
    expect(schemas['CreateUserDto'].properties?.['password']?.writeOnly).toBe(true);
    expect(schemas['UpdateServerSettingsDto'].properties?.['captchaSecretKey']?.writeOnly).toBe(true);
    expect(schemas['ServerConnectionInputDto'].properties?.['password']?.writeOnly).toBe(true);
    expect(schemas['AdminUserDto'].properties).not.toHaveProperty('password');
    expect(schemas['ServerSettingsDto'].properties).not.toHaveProperty('captchaSecretKey');
    expect(schemas['ServerConnectionDto'].properties).not.toHaveProperty('password');
  });
});
