import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServerSettings, SessionDefaults, UpdateServerSettingsRequest } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { ContentSecurityExtras, TrustedProxies, invalidFields } from '@caster/api/core';
import {
  changedKeys,
  effectiveCaptcha,
  mergeSettings,
  settingsFromRows,
  toServerSettings,
  type CaptchaConfig,
  type StoredSettings,
} from './settings-values';

/** Other replicas pick up a trusted-proxy change made on this one within this delay. */
const TRUSTED_PROXIES_REFRESH_MS = 30_000;

/**
 * Server settings: stored one key per row, read fresh (the table is tiny), secrets never leave
 * through `get()`. The trusted-proxy list is also pushed into TrustedProxies, which the HTTP
 * server consults on every request.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Settings');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trusted: TrustedProxies,
    private readonly csp: ContentSecurityExtras,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /** First start seeds the list from TRUSTED_PROXIES; after that the stored list wins. */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO server_settings (key, value) VALUES ('trustedProxies', $1::jsonb) ON CONFLICT (key) DO NOTHING`,
      [JSON.stringify(this.config.trustedProxies)],
    );
    await this.applyTrustedProxies();
  }

  async get(): Promise<ServerSettings> {
    return toServerSettings(await this.read(this.dataSource.manager));
  }

  /** One transaction: either every change is saved and applied, or nothing is. */
  async update(input: UpdateServerSettingsRequest): Promise<ServerSettings> {
    const saved = await this.dataSource.transaction(async (em) => {
      // Serialise concurrent updates so one never overwrites the other's merge with stale values.
      await em.query('LOCK TABLE server_settings IN SHARE ROW EXCLUSIVE MODE');
      const current = await this.read(em);
      const { next, problems } = mergeSettings(current, input);
      if (Object.keys(problems).length > 0) throw invalidFields(problems);
      for (const key of changedKeys(current, next)) {
        await em.query(
          `INSERT INTO server_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [key, JSON.stringify(next[key])],
        );
      }
      return next;
    });
    this.apply(saved);
    return toServerSettings(saved);
  }

  /** The CAPTCHA to use (secret included, for server-side verification), or null when none is configured. */
  async captcha(): Promise<CaptchaConfig | null> {
    return effectiveCaptcha(await this.read(this.dataSource.manager));
  }

  async anonymousUserExpirationHours(): Promise<number> {
    return (await this.read(this.dataSource.manager)).anonymousUserExpirationHours;
  }

  async sessionDefaults(): Promise<SessionDefaults> {
    return (await this.read(this.dataSource.manager)).sessionDefaults;
  }

  @Interval('trusted-proxies-refresh', TRUSTED_PROXIES_REFRESH_MS)
  async refreshTrustedProxies(): Promise<void> {
    try {
      await this.applyTrustedProxies();
    } catch (e) {
      this.logger.warn(
        `Could not refresh the trusted proxies: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async applyTrustedProxies(): Promise<void> {
    this.apply(await this.read(this.dataSource.manager));
  }

  /** What other parts of the server keep in memory: trusted proxies, the CAPTCHA widget's origins. */
  private apply(s: StoredSettings): void {
    this.trusted.replace(s.trustedProxies);
    const captcha = effectiveCaptcha(s);
    this.csp.useCaptcha(captcha?.provider ?? null, captcha?.scriptUrl ?? null);
  }

  private async read(em: EntityManager): Promise<StoredSettings> {
    const rows = await em.query<{ key: string; value: unknown }[]>('SELECT key, value FROM server_settings');
    return settingsFromRows(rows);
  }
}
