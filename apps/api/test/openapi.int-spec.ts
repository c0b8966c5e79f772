import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappedRoutes } from './support/routes';
import { startTestApp, type TestApp } from './support/test-app';

interface Operation {
  tags?: string[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** `/api/admin/users/:id` → `/api/admin/users/{id}`, the document's spelling. */
const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  const operation = (method: string, path: string): Operation | undefined =>
    doc.paths[openApiPath(path)]?.[method.toLowerCase()];

  it('documents every route Nest maps', () => {
    const routes = mappedRoutes(t);
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !operation(r.method, r.path)).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('gives the integrator routes tags, request and response schemas', () => {
    const ours = mappedRoutes(t).filter((r) => /^\/api\/(public|connect|admin\/api-keys)(\/|$)/.test(r.path));
    expect(ours.length).toBeGreaterThanOrEqual(20 + 4 + 6);
    for (const r of ours) {
      const name = `${r.method} ${r.path}`;
      const op = operation(r.method, r.path)!;
      expect(op.tags?.length, name).toBeGreaterThan(0);
      // The connect routes after the first act on the cookie's session and take no body.
      if (['POST', 'PUT', 'PATCH'].includes(r.method) && !/^\/api\/connect\/.+/.test(r.path)) {
        expect(op.requestBody?.content?.['application/json']?.schema, `${name} request`).toBeDefined();
      }
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
      expect(success.length, `${name} success response`).toBeGreaterThan(0);
      for (const [status, response] of success) {
        if (status !== '204')
          expect(response.content?.['application/json']?.schema, `${name} ${status}`).toBeDefined();
      }
    }
  });

  it('documents the Remote App dry run: its body, its answer and its coded 400', () => {
    const op = operation('POST', '/api/admin/casting/remote-app/dry-run') as Operation & {
      responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    };
    expect(op.tags).toEqual(['admin: casting']);
    expect(op.requestBody?.content?.['application/json']?.schema).toBeDefined();
    const ref = op.responses['200']?.content?.['application/json']?.schema?.$ref ?? '';
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties?: object }> } })
      .components.schemas;
    expect(Object.keys(schemas[ref.split('/').pop() ?? '']?.properties ?? {}).sort()).toEqual([
      'params',
      'remote-app',
      'remote-app-args',
    ]);
    expect(op.responses['400']).toBeDefined();
  });

  it('documents the Developer API errors and required permissions', () => {
    const op = operation('POST', '/api/public/request_kasm') as Operation & {
      'x-api-key-permissions'?: string[];
    };
    expect(op['x-api-key-permissions']).toEqual(['user', 'users_auth_session']);
    for (const status of ['400', '401', '403', '404']) {
      expect(op.responses?.[status]?.content?.['application/json']?.schema, status).toBeDefined();
    }
  });

  it('renders the UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs/').redirects(1);
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
