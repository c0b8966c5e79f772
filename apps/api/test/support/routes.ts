import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA } from '@caster/api/core';
import { UNPREFIXED_ROUTES } from '@caster/api/ops';
import type { TestApp } from './test-app';

export interface MappedRoute {
  method: string;
  path: string;
  access: string | undefined;
}

/** A route's full path: under the global /api prefix unless main.ts excludes it (/metrics). */
export function routePath(base: string, path: string): string {
  const unprefixed = UNPREFIXED_ROUTES.some((r) => r.path === base);
  const parts = [unprefixed ? '' : 'api', base, path].filter((s) => s && s !== '/');
  return `/${parts.join('/')}`.replace(/\/+/g, '/');
}

/** Every handler Nest mapped, with the access it declares (handler first, then its controller). */
export function mappedRoutes(t: TestApp): MappedRoute[] {
  const routes: MappedRoute[] = [];
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
        for (const p of ([] as string[]).concat(paths)) {
          routes.push({ method, path: routePath(base, p), access });
        }
      }
    }
  }
  return routes;
}
