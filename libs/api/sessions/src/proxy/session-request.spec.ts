import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { STATIC_MAX_AGE_S, cacheStaticAsset } from './session-request';

const LONG = `private, max-age=${STATIC_MAX_AGE_S}, immutable`;
const after = (method: string, path: string, status: number, headers: IncomingHttpHeaders = {}) => {
  const h = { ...headers };
  cacheStaticAsset(method, path, status, h);
  return h['cache-control'];
};

describe('cacheStaticAsset', () => {
  it.each([
    ['GET', '/app/ui.js', 200, {}, LONG],
    ['GET', '/core/rfb.mjs', 200, { 'cache-control': 'max-age=0' }, LONG],
    ['HEAD', '/app/styles/base.css', 200, {}, LONG],
    ['GET', '/app/images/icons/novnc-icon.svg', 200, {}, LONG],
    // The page itself is asked for every time: entering goes through the proxy and its grant check.
    ['GET', '/vnc.html', 200, {}, undefined],
    ['GET', '/', 200, {}, undefined],
    ['GET', '/api/data.json', 200, {}, undefined],
    // Not a plain 200 of a GET: left alone.
    ['POST', '/app/ui.js', 200, {}, undefined],
    ['GET', '/app/ui.js', 404, {}, undefined],
    ['GET', '/app/ui.js', 304, {}, undefined],
    // What the container said about its own caching wins when it asks for less.
    ['GET', '/app/ui.js', 200, { 'cache-control': 'no-store' }, 'no-store'],
    ['GET', '/app/ui.js', 200, { 'cache-control': 'no-cache' }, 'no-cache'],
    ['GET', '/app/ui.js', 200, { 'cache-control': 'private, max-age=5' }, 'private, max-age=5'],
  ] as const)('%s %s %i %j → %s', (method, path, status, headers, expected) => {
    expect(after(method, path, status, headers as IncomingHttpHeaders)).toBe(expected);
  });

  it('never makes a response that sets a cookie cacheable', () => {
    expect(after('GET', '/app/ui.js', 200, { 'set-cookie': ['a=b'] })).toBeUndefined();
  });
});
