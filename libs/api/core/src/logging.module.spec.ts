import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdFor, sessionLog } from './logging.module';

describe('sessionLog', () => {
  it('puts the session id and the text beside the extra fields', () => {
    expect(sessionLog('s-1', 'could not remove its container', { err: 'gone' })).toEqual({
      err: 'gone',
      sessionId: 's-1',
      msg: 'could not remove its container',
    });
  });

  it('never lets an extra field override the session id or the text', () => {
    expect(sessionLog('s-1', 'stopped', { sessionId: 'other', msg: 'other' })).toEqual({
      sessionId: 's-1',
      msg: 'stopped',
    });
  });
});

describe('requestIdFor', () => {
  const call = (headers: Record<string, string>, id?: string) => {
    const set: Record<string, string> = {};
    const res = { setHeader: (k: string, v: string) => (set[k] = v) } as unknown as ServerResponse;
    const req = { headers, id } as unknown as IncomingMessage & { id?: unknown };
    return { id: requestIdFor(req, res), set };
  };

  it("keeps a proxy's sane X-Request-Id and answers it back", () => {
    expect(call({ 'x-request-id': 'edge-1234abcd' })).toEqual({
      id: 'edge-1234abcd',
      set: { 'X-Request-Id': 'edge-1234abcd' },
    });
  });

  it('makes a new id for a missing or hostile one', () => {
    expect(call({}).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(call({ 'x-request-id': 'a\nforged: line' }).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reuses the id already given to the request', () => {
    expect(call({ 'x-request-id': 'edge-1234abcd' }, 'first-id-0001').id).toBe('first-id-0001');
  });
});
