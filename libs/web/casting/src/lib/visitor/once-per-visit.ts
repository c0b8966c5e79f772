// Module-level on purpose: React StrictMode runs effects twice, but a visit must still cast once
// (each POST can take a unit of the link's budget, and opens a tab when it answers `openUrl`).
const runs = new Map<string, Promise<unknown>>();
let visits = 0;

/** A new visit's id: taken once per mounted page (StrictMode keeps the first of its two calls). */
export function newVisitId(): string {
  visits += 1;
  return `visit-${visits}`;
}

/** Runs `run` the first time `id` is seen in this page load; later calls share its promise. */
export function oncePerVisit<T>(id: string, run: () => Promise<T>): Promise<T> {
  const existing = runs.get(id);
  if (existing) return existing as Promise<T>;
  const started = run();
  runs.set(id, started);
  return started;
}

/** For tests, which visit the same link over and over in one module instance. */
export function forgetVisits(): void {
  runs.clear();
}
