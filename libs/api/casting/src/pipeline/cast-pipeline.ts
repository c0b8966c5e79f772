import { Injectable } from '@nestjs/common';
import type { CastInfo } from '@caster/contracts';
import { AppError, MetricsPort, mapError } from '@caster/api/core';
import { SettingsService } from '@caster/api/settings';
import { WorkspacesService } from '@caster/api/workspaces';
import type { CastConfigEntity } from '../cast-config.entity';
import { CastLaunchService, type CastOutcome } from '../cast-launch.service';
import { CastingService } from '../casting.service';
import { CastTestVisits } from '../cast-test-visits.service';
import { BodyPolicy } from '../policy/body.policy';
import { CaptchaPolicy, captchaRequired } from '../policy/captcha.policy';
import { IdentityPolicy, loginRequired } from '../policy/identity.policy';
import { ExpiryPolicy } from '../policy/expiry.policy';
import { LinkPolicy } from '../policy/link.policy';
import { OriginPolicy } from '../policy/origin.policy';
import { ParamsPolicy } from '../policy/params.policy';
import { RateLimitPolicy } from '../policy/rate-limit.policy';
import { ReferrerPolicy } from '../policy/referrer.policy';
import { CastChain } from './cast-policy';
import type { BodyContext, CastInput, LinkContext, ReadyContext } from './cast-context';

export interface CastAnswer {
  outcome: CastOutcome;
  headers: Record<string, string>;
}

/**
 * `POST /api/cast/:key` and `GET /api/cast/:key` from end to end: the policies in order (one
 * chain, cheapest first, so a flood is refused before anything costly happens), then the launch,
 * and — here and nowhere else — the claim and the metric for every answer, success or refusal.
 * A refusal on a known link carries its Error URL (`details.errorUrl`).
 */
@Injectable()
export class CastPipeline {
  /** Adding a policy: one file under policy/, one line here. */
  readonly policies: CastChain<CastInput, ReadyContext>;
  /** What the visitor's page learns before launching: the same link, expiry and referrer checks. */
  readonly infoPolicies: CastChain<BodyContext, LinkContext>;

  constructor(
    origin: OriginPolicy,
    body: BodyPolicy,
    link: LinkPolicy,
    expiry: ExpiryPolicy,
    referrer: ReferrerPolicy,
    rateLimit: RateLimitPolicy,
    captcha: CaptchaPolicy,
    identity: IdentityPolicy,
    params: ParamsPolicy,
    private readonly launch: CastLaunchService,
    private readonly casting: CastingService,
    private readonly metrics: MetricsPort,
    private readonly settings: SettingsService,
    private readonly workspaces: WorkspacesService,
    private readonly testVisits: CastTestVisits,
  ) {
    this.policies = CastChain.start<CastInput>()
      .then(origin)
      .then(body)
      .then(link)
      .then(expiry)
      .then(referrer)
      .then(rateLimit)
      .then(captcha)
      .then(identity)
      .then(params);
    this.infoPolicies = CastChain.start<BodyContext>().then(link).then(expiry).then(referrer);
  }

  async cast(input: CastInput): Promise<CastAnswer> {
    let config: CastConfigEntity | undefined;
    let lastPassed = '';
    try {
      const ready: ReadyContext = await this.policies.run(input, (policy, ctx) => {
        lastPassed = policy;
        config = ctx.config ?? config;
      });
      const outcome = await this.launch.cast(ready);
      this.metrics.castAnswered(ready.config.key, outcome.resumed ? 'resumed' : 'ok');
      await this.casting.recordClaim({
        castConfigId: ready.config.id,
        ip: input.ip,
        outcome: 'ok',
        userId: outcome.userId,
        sessionId: outcome.sessionId,
        test: await this.testVisits.isTest(ready.config.id, ready.body.testToken),
      });
      return { outcome, headers: ready.rateHeaders ?? {} };
    } catch (e) {
      // A body refused before the link policy ran is still a refusal of this link, if it exists
      // (as when the body was checked last); the origin policy's refusals come before any link.
      if (!config && lastPassed === 'origin') config = (await this.knownLink(input.key)) ?? undefined;
      const code = mapError(e).body.error.code;
      this.metrics.castAnswered(config?.key ?? '', code);
      if (config) {
        await this.casting
          .recordClaim({
            castConfigId: config.id,
            ip: input.ip,
            outcome: code,
            userId: input.principal?.userId ?? null,
            sessionId: null,
            // A flood is refused by the rate limit without a lookup.
            test: code !== 'RATE_LIMITED' && (await this.isTest(config.id, input.rawBody)),
          })
          .catch(() => undefined);
      }
      throw withErrorUrl(e, config);
    }
  }

  async info(input: CastInput): Promise<CastInfo> {
    let config: CastConfigEntity | undefined;
    try {
      ({ config } = await this.infoPolicies.run({ ...input, body: {} }, (_policy, ctx) => {
        config = ctx.config ?? config;
      }));
      const workspace = await this.workspaces.find(config.workspaceId);
      const captcha = captchaRequired(config, input.principal) ? await this.settings.captcha() : null;
      this.metrics.castChecked(config.key, 'ok');
      return {
        workspaceName: workspace?.name ?? '',
        requiresCaptcha: captchaRequired(config, input.principal),
        ...(captcha
          ? {
              captcha: { provider: captcha.provider, siteKey: captcha.siteKey, scriptUrl: captcha.scriptUrl },
            }
          : {}),
        requiresLogin: loginRequired(config, input.principal),
        errorUrl: config.errorUrl,
      };
    } catch (e) {
      const code = mapError(e).body.error.code;
      this.metrics.castChecked(config?.key ?? '', code);
      // The page's first look is where an expired, disabled or referrer-refused link stops its
      // visitor (no POST follows): the audit and the overview count it, batched like the casts. A
      // key no link ever had is only counted in /metrics: it names nobody's link, and rows for
      // made-up keys would let anyone fill the table.
      const link = config ?? (code === 'CAST_NOT_FOUND' ? await this.anyLink(input.key) : null);
      if (link)
        await this.casting
          .recordClaim({
            castConfigId: link.id,
            ip: input.ip,
            outcome: code,
            userId: input.principal?.userId ?? null,
            sessionId: null,
            stage: 'check',
          })
          .catch(() => undefined);
      throw withErrorUrl(e, config);
    }
  }

  /** The raw body's test token (the body may be what was refused), looked up only when well-formed. */
  private isTest(castConfigId: string, rawBody: unknown): Promise<boolean> {
    const token =
      typeof rawBody === 'object' && rawBody !== null
        ? (rawBody as { testToken?: unknown }).testToken
        : undefined;
    return this.testVisits.isTest(castConfigId, token).catch(() => false);
  }

  /** The link with this key, enabled or not (a disabled link's refusals are its own). */
  private async anyLink(key: string): Promise<CastConfigEntity | null> {
    return this.casting.findByKey(key).catch(() => null);
  }

  /** The enabled link with this key, for a refusal's Error URL and claim. */
  private async knownLink(key: string): Promise<CastConfigEntity | null> {
    const config = await this.casting.findByKey(key).catch(() => null);
    return config?.enabled ? config : null;
  }
}

/** The refusal with the link's Error URL in `details.errorUrl`, so the visitor's page can go there. */
function withErrorUrl(e: unknown, config: CastConfigEntity | undefined): unknown {
  if (!config?.errorUrl) return e;
  if (e instanceof AppError)
    return new AppError(e.code, e.message, { ...e.details, errorUrl: config.errorUrl }, e.headers);
  const mapped = mapError(e).body.error;
  return new AppError(mapped.code, mapped.message, { errorUrl: config.errorUrl });
}
