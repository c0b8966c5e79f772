import { Writable } from 'node:stream';

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\x1b[90m' },
  20: { name: 'DEBUG', color: '\x1b[36m' },
  30: { name: 'INFO', color: '\x1b[32m' },
  40: { name: 'WARN', color: '\x1b[33m' },
  50: { name: 'ERROR', color: '\x1b[31m' },
  60: { name: 'FATAL', color: '\x1b[35m' },
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
/** pino's own keys and the ones shown in the line's head rather than as `key=value`. */
const HEAD_KEYS = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'context',
  'req',
  'res',
  'responseTime',
]);

function value(v: unknown): string {
  if (typeof v === 'string') return /\s|"/.test(v) ? JSON.stringify(v) : v;
  if (v && typeof v === 'object' && 'message' in v && typeof v.message === 'string') {
    const stack = 'stack' in v && typeof v.stack === 'string' ? v.stack : '';
    return stack ? `${JSON.stringify(v.message)}\n${stack}` : JSON.stringify(v.message);
  }
  return JSON.stringify(v);
}

/**
 * One pino JSON line as a person reads it in a terminal:
 * `14:03:07.412 WARN  [Casting] launch failed  sessionId=… reason=…`, a request as
 * `GET /api/health 200 4 ms`. Anything that is not pino JSON is passed through unchanged.
 */
export function formatHumanLine(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || !('level' in parsed)) return line;
    entry = parsed;
  } catch {
    return line;
  }
  const level = LEVELS[Number(entry['level'])] ?? { name: String(entry['level']), color: '' };
  const at = typeof entry['time'] === 'number' ? new Date(entry['time']) : new Date();
  const time = at.toTimeString().slice(0, 8) + '.' + String(at.getMilliseconds()).padStart(3, '0');
  const paint = (code: string, text: string) => (color && code ? `${code}${text}${RESET}` : text);

  let msg = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  const req = entry['req'] as { method?: string; url?: string } | undefined;
  const res = entry['res'] as { statusCode?: number } | undefined;
  if (req?.method && res?.statusCode !== undefined) {
    const ms = typeof entry['responseTime'] === 'number' ? ` ${entry['responseTime']} ms` : '';
    msg = `${req.method} ${req.url ?? ''} ${res.statusCode}${ms}${msg && msg !== 'request completed' ? ` (${msg})` : ''}`;
  }
  const context = typeof entry['context'] === 'string' ? paint(DIM, `[${entry['context']}] `) : '';
  const fields = Object.entries(entry)
    .filter(([k, v]) => !HEAD_KEYS.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
  const tail = fields ? `  ${paint(DIM, fields)}` : '';
  return `${paint(DIM, time)} ${paint(level.color, level.name.padEnd(5))} ${context}${msg}${tail}`;
}

/** A destination for pino that writes formatHumanLine's lines to `out`. */
export function humanLogStream(out: NodeJS.WritableStream, color: boolean): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) out.write(`${formatHumanLine(line, color)}\n`);
      done();
    },
  });
}
