import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatHumanLine, humanLogStream } from './human-log';

const time = new Date(2026, 0, 2, 14, 3, 7, 41).getTime();

describe('formatHumanLine', () => {
  it('writes time, level, context, message and the extra fields', () => {
    const line = JSON.stringify({
      level: 40,
      time,
      pid: 1,
      hostname: 'h',
      context: 'Casting',
      msg: 'launch failed',
      sessionId: 's-1',
      reason: 'no such image',
    });
    expect(formatHumanLine(line, false)).toBe(
      '14:03:07.041 WARN  [Casting] launch failed  sessionId=s-1 reason="no such image"',
    );
  });

  it('shows a request as method, path, status and time', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      req: { id: 'r', method: 'GET', url: '/api/health' },
      res: { statusCode: 200 },
      responseTime: 4,
      msg: 'request completed',
    });
    expect(formatHumanLine(line, false)).toBe('14:03:07.041 INFO  GET /api/health 200 4 ms');
  });

  it('colours the level only when asked to', () => {
    const line = JSON.stringify({ level: 50, time, msg: 'boom' });
    expect(formatHumanLine(line, true)).toContain('\x1b[31mERROR');
    expect(formatHumanLine(line, false)).not.toContain('\x1b[');
  });

  it('passes through what is not a pino line', () => {
    expect(formatHumanLine('plain text', false)).toBe('plain text');
    expect(formatHumanLine('{"no":"level"}', false)).toBe('{"no":"level"}');
  });
});

describe('humanLogStream', () => {
  it('formats whole lines even when they arrive in pieces', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out += chunk.toString();
        done();
      },
    });
    const stream = humanLogStream(sink, false);
    const line = JSON.stringify({ level: 30, time, msg: 'ready' });
    await new Promise<void>((r) => stream.write(line.slice(0, 10), () => r()));
    expect(out).toBe('');
    await new Promise<void>((r) => stream.write(`${line.slice(10)}\n`, () => r()));
    expect(out).toBe('14:03:07.041 INFO  ready\n');
  });
});
