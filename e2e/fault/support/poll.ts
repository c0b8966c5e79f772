/** Thrown by a check to stop waiting at once (a process it watches has exited, a launch failed). */
export class GiveUp extends Error {}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it answers something other than undefined; fails after the deadline with
 * what was seen last, so a test waits as long as the machine needs and never asserts a speed.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
      if (e instanceof GiveUp) throw e;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : last === undefined ? '' : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${detail ? `: ${detail}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs `tasks` with at most `width` in flight. */
export async function inBatches<T>(
  items: T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}
