/** How a cast request ended: a session served ("ok"), an existing one resumed, or a refusal code. */
export type CastOutcomeLabel = 'ok' | 'resumed' | (string & {});

/**
 * What domain modules report to the metrics registry. Declared here so casting and sessions need not
 * depend on the ops module that implements it (the root module binds it); each call is one counter
 * increment or histogram observation, never I/O.
 */
export abstract class MetricsPort {
  /** One POST /api/cast/:key answered; `link` is the casting link's key ('' when none matched). */
  abstract castAnswered(link: string, outcome: CastOutcomeLabel): void;
  /**
   * One GET /api/cast/:key answered: the visitor's page checking the link before it launches
   * (existence, expiry, referrer). Counted apart so a link visitors still open after it expired
   * shows up, without counting every launch twice.
   */
  abstract castChecked(link: string, outcome: CastOutcomeLabel): void;
  /** A launched session became usable, `seconds` after it was requested. */
  abstract sessionReady(labels: { provider: string; agent: string }, seconds: number): void;
}
