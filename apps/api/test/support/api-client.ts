import type supertest from 'supertest';
import type { TestApp } from './test-app';

type Call = supertest.Test;

/** Requests with one bearer token (a signed-in admin, or any user). */
export interface ApiClient {
  token: string;
  get: (path: string) => Call;
  post: (path: string, body?: object) => Call;
  patch: (path: string, body?: object) => Call;
  put: (path: string, body?: object) => Call;
  delete: (path: string) => Call;
}

export function clientFor(t: TestApp, token: string): ApiClient {
  const auth = (call: Call): Call => call.set('Authorization', `Bearer ${token}`);
  return {
    token,
    get: (path) => auth(t.http().get(path)),
    post: (path, body = {}) => auth(t.http().post(path)).send(body),
    patch: (path, body = {}) => auth(t.http().patch(path)).send(body),
    put: (path, body = {}) => auth(t.http().put(path)).send(body),
    delete: (path) => auth(t.http().delete(path)),
  };
}

export async function adminClient(t: TestApp): Promise<ApiClient> {
  return clientFor(t, await t.login());
}

let counter = 0;
/** A unique name for this test run (the database is per file, names only need to differ within it). */
export const unique = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const PASSWORD = 'a-user-password';

/** Creates a user through the admin API and signs them in. */
export async function createUser(
  t: TestApp,
  admin: ApiClient,
  body: Record<string, unknown> = {},
): Promise<{ id: string; username: string; client: ApiClient; body: Record<string, unknown> }> {
  const username = (body['username'] as string | undefined) ?? unique('user');
  const res = await admin.post('/api/admin/users', { username, password: PASSWORD, ...body });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  const created = res.body as { id: string };
  const client = clientFor(t, await t.login(username, (body['password'] as string | undefined) ?? PASSWORD));
  return { id: created.id, username, client, body: res.body as Record<string, unknown> };
}

/** The id of the system group "All Users". */
export async function allUsersGroupId(admin: ApiClient): Promise<string> {
  const res = await admin.get('/api/admin/groups?q=All%20Users').expect(200);
  const group = (res.body as { items: { id: string; system: boolean }[] }).items.find((g) => g.system);
  if (!group) throw new Error('no system group');
  return group.id;
}

export const UNKNOWN_ID = '7d0c1c8e-8a7e-4c1b-9d1e-000000000000';

/** The `items` of a paginated answer, typed for the test's needs. */
export const itemsOf = <T>(res: { body: unknown }): T[] => (res.body as { items: T[] }).items;
