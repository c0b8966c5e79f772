import { request } from 'node:http';

/** One HTTP GET with a short timeout; any HTTP answer means the session's server is up. */
function probe(host: string, port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export class ReadinessTimeout extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly waitedMs: number,
  ) {
    super(`${host}:${port} did not answer HTTP within ${waitedMs} ms`);
  }
}

/**
 * Waits until the published port answers HTTP. Polls every `intervalMs` (10–20 ms): a fixed tight
 * poll, never an exponential back-off, because a back-off's late probes add directly to launch time.
 * (A TCP connect alone is not enough: Docker's userland proxy accepts before the app listens.)
 */
export async function waitForHttp(
  host: string,
  port: number,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    path?: string;
    signal?: AbortSignal;
    isAlive?: () => Promise<boolean>;
  },
): Promise<number> {
  const started = Date.now();
  const interval = options.intervalMs ?? 15;
  let checks = 0;
  for (;;) {
    if (options.signal?.aborted) throw new Error('readiness wait aborted');
    if (await probe(host, port, options.path ?? '/', 1_000)) return Date.now() - started;
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new ReadinessTimeout(host, port, waited);
    // Every ~50 probes, ask whether the container still runs (a crashed app never answers).
    if (options.isAlive && ++checks % 50 === 0 && !(await options.isAlive())) {
      throw new Error('the session container exited before it answered');
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
