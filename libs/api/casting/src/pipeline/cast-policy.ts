/**
 * One casting policy: it reads the context built so far and answers it with what it learned
 * added, or throws the coded refusal. Policies never touch the HTTP request or each other.
 */
export interface CastPolicy<In, Out extends In = In> {
  /** For logs and the order check in tests. */
  readonly name: string;
  check(ctx: In): Out | Promise<Out>;
}

/**
 * Policies in order, typed end to end: each `then` accepts only a policy whose input the chain so
 * far produces, so an out-of-order chain does not compile (no run-time "ran out of order").
 */
export class CastChain<In, Out> {
  private constructor(private readonly steps: readonly CastPolicy<unknown, unknown>[]) {}

  static start<T>(): CastChain<T, T> {
    return new CastChain<T, T>([]);
  }

  then<Next extends Out>(policy: CastPolicy<Out, Next>): CastChain<In, Next> {
    return new CastChain<In, Next>([...this.steps, policy]);
  }

  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  /**
   * Runs every policy in order. `passed` sees each context as it grows, so a refusal can still be
   * recorded against the link once the link policy has passed.
   */
  async run(input: In, passed?: (policy: string, ctx: Partial<Out>) => void): Promise<Out> {
    let ctx: unknown = input;
    for (const step of this.steps) {
      ctx = await step.check(ctx);
      passed?.(step.name, ctx as Partial<Out>);
    }
    return ctx as Out;
  }
}
