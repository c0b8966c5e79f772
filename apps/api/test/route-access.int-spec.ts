import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_METADATA } from '@caster/api/core';
import { describeDeveloperApiAccess } from '@caster/api/developer-api';
import { routePath } from './support/routes';
import { DB_KINDS, startTestApp, type TestApp } from './support/test-app';

interface RouteAccess {
  route: string;
  access: string | undefined;
  /** How a @Public() route is really authorised when it says so (Developer API keys, session grants). */
  note: string | undefined;
}

/** Every handler Nest mapped, with the access it declares (handler first, then its controller). */
function walkRoutes(t: TestApp): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '')[0];
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const access = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, type)) as string | undefined;
        const note = describeDeveloperApiAccess(handler as (...args: never[]) => unknown, type);
        for (const p of ([] as string[]).concat(paths)) {
          routes.push({ route: `${method} ${routePath(base, p)}`, access, note });
        }
      }
    }
  }
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}

describe.each(DB_KINDS)('route access on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every mapped route', () => {
    const routes = walkRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    expect(routes.map((r) => r.route)).toContain('POST /api/auth/login');
  });

  it('has no route without an access declaration', () => {
    const undeclared = walkRoutes(t).filter((r) => r.access === undefined);
    expect(undeclared).toEqual([]);
  });

  it('matches the reviewed route → access table', async () => {
    const table = walkRoutes(t)
      .map((r) => `${r.route.padEnd(64)} ${r.access}${r.note ? ` (${r.note})` : ''}`)
      .join('\n');
    await expect(`${table}\n`).toMatchFileSnapshot('./__snapshots__/route-access.txt');
  });

  it('enforces the declarations over HTTP: admin routes refuse anonymous callers', async () => {
    for (const { route, access } of walkRoutes(t)) {
      if (access === 'public') continue;
      const [method, path] = route.split(' ');
      const concrete = path.replace(/:(\w+)/g, '00000000-0000-0000-0000-000000000000');
      const res = await t.http()[method.toLowerCase() as 'get'](concrete);
      expect(res.status, route).toBe(401);
      expect(res.body.error.code, route).toBe('AUTH_REQUIRED');
    }
  });
});
