import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  DEFAULT_CAST_CLIENT_SETTINGS,
  errorUrlWithCode,
  type CastClaim,
  type CastConfig,
  type Page,
} from '@caster/contracts';
import { AppError, containsPattern, invalidFields, pageWindow } from '@caster/api/core';
import { GroupsService } from '@caster/api/groups';
import { WorkspacesService } from '@caster/api/workspaces';
import { CastClaimEntity } from './cast-claim.entity';
import { CastConfigEntity } from './cast-config.entity';
import { CastTestVisits } from './cast-test-visits.service';
import type { CastConfigDto, CastingListQueryDto, UpdateCastConfigDto } from './dto/cast-config.dto';
import { isDomainName } from './policy/referrer';
import { validateRemoteAppConfig } from './policy/remote-app';

export function toCastConfig(e: CastConfigEntity): CastConfig {
  return {
    id: e.id,
    name: e.name,
    key: e.key,
    workspaceId: e.workspaceId,
    enabled: e.enabled,
    allowResume: e.allowResume,
    allowAnonymous: e.allowAnonymous,
    requireCaptcha: e.requireCaptcha,
    anonymousGroupId: e.anonymousGroupId,
    limitSessions: e.limitSessions,
    sessionsRemaining: e.sessionsRemaining,
    maxConcurrent: e.maxConcurrent,
    limitIps: e.limitIps,
    ipRequestLimit: e.ipRequestLimit,
    ipRequestSeconds: e.ipRequestSeconds,
    kasmUrl: e.kasmUrl,
    dynamicKasmUrl: e.dynamicKasmUrl,
    dynamicDockerNetwork: e.dynamicDockerNetwork,
    errorUrl: e.errorUrl,
    disableControlPanel: e.disableControlPanel,
    disableTips: e.disableTips,
    enableSharing: e.enableSharing,
    disableFixedResolution: e.disableFixedResolution,
    allowedReferrers: e.allowedReferrers,
    enforceClientSettings: e.enforceClientSettings,
    clientSettings: e.clientSettings,
    remoteAppConfig: e.remoteAppConfig,
    validUntil: e.validUntil?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

const newKey = (): string => randomBytes(9).toString('base64url');

/** Claims wait this long at most before they are written, several in one INSERT. */
const CLAIM_FLUSH_MS = 200;
const CLAIM_BATCH = 200;

/** Casting configs: validated as a whole (fields that only matter together are checked together). */
@Injectable()
export class CastingService implements OnModuleDestroy {
  private readonly logger = new Logger('Casting');
  private pendingClaims: Omit<CastClaimEntity, 'id'>[] = [];
  /** Sessions whose launch failed before their cast's claim was recorded (see markClaimFailed). */
  private readonly failedEarly = new Map<string, string>();
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectRepository(CastConfigEntity) private readonly configs: Repository<CastConfigEntity>,
    @InjectRepository(CastClaimEntity) private readonly claims: Repository<CastClaimEntity>,
    private readonly workspaces: WorkspacesService,
    private readonly groups: GroupsService,
    private readonly testVisits: CastTestVisits,
  ) {}

  async list(query: CastingListQueryDto): Promise<Page<CastConfig>> {
    const { skip, take } = pageWindow(query);
    const qb = this.configs
      .createQueryBuilder('c')
      .orderBy('lower(c.name)', query.order === 'desc' ? 'DESC' : 'ASC')
      .skip(skip)
      .take(take);
    if (query.q) qb.where('(c.name ILIKE :q OR c.key ILIKE :q)', { q: containsPattern(query.q) });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toCastConfig), total };
  }

  async get(id: string): Promise<CastConfigEntity> {
    const c = await this.configs.findOne({ where: { id } });
    if (!c) throw new AppError('NOT_FOUND', 'Casting config not found');
    return c;
  }

  findByKey(key: string): Promise<CastConfigEntity | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) return Promise.resolve(null);
    return this.configs.findOne({ where: { key } });
  }

  /**
   * The link's Error URL, for the page of a session it made (CastLinkLookup): only an http(s) URL
   * the administrator saved; anything else, a deleted link or none gives null.
   */
  async errorUrlOf(castConfigId: string): Promise<string | null> {
    const c = await this.configs.findOne({
      where: { id: castConfigId },
      select: { id: true, errorUrl: true },
    });
    return c?.errorUrl && errorUrlWithCode(c.errorUrl, 'X') ? c.errorUrl : null;
  }

  /**
   * The link a session came from and the visitor's IP its claim recorded (CastLinkLookup, for the
   * admin's session detail page); the name is null once the link is deleted.
   */
  async castOf(
    sessionId: string,
    castConfigId: string,
  ): Promise<{ linkName: string | null; clientIp: string | null }> {
    const pending = this.pendingClaims.find((c) => c.sessionId === sessionId);
    const [config, claim] = await Promise.all([
      this.configs.findOne({ where: { id: castConfigId }, select: { id: true, name: true } }),
      pending
        ? Promise.resolve(pending)
        : this.claims.findOne({ where: { sessionId, stage: 'cast' }, order: { at: 'DESC' } }),
    ]);
    return { linkName: config?.name ?? null, clientIp: claim?.ip ?? null };
  }

  async create(input: CastConfigDto): Promise<CastConfig> {
    const merged: Omit<CastConfigEntity, 'id' | 'createdAt' | 'updatedAt'> = {
      name: input.name,
      key: input.key ?? newKey(),
      workspaceId: input.workspaceId,
      enabled: input.enabled ?? true,
      allowResume: input.allowResume ?? false,
      allowAnonymous: input.allowAnonymous ?? false,
      requireCaptcha: input.requireCaptcha ?? false,
      anonymousGroupId: input.anonymousGroupId ?? null,
      limitSessions: input.limitSessions ?? false,
      sessionsRemaining: input.sessionsRemaining ?? null,
      maxConcurrent: input.maxConcurrent ?? null,
      limitIps: input.limitIps ?? false,
      ipRequestLimit: input.ipRequestLimit ?? null,
      ipRequestSeconds: input.ipRequestSeconds ?? null,
      kasmUrl: input.kasmUrl ?? null,
      dynamicKasmUrl: input.dynamicKasmUrl ?? false,
      dynamicDockerNetwork: input.dynamicDockerNetwork ?? false,
      errorUrl: input.errorUrl ?? null,
      disableControlPanel: input.disableControlPanel ?? false,
      disableTips: input.disableTips ?? false,
      enableSharing: input.enableSharing ?? false,
      disableFixedResolution: input.disableFixedResolution ?? false,
      allowedReferrers: input.allowedReferrers ?? [],
      enforceClientSettings: input.enforceClientSettings ?? false,
      clientSettings: input.clientSettings ? { ...input.clientSettings } : DEFAULT_CAST_CLIENT_SETTINGS,
      remoteAppConfig: input.remoteAppConfig ?? null,
      validUntil: input.validUntil ? new Date(input.validUntil) : null,
    };
    await this.check(merged, null);
    const saved = await this.configs.save(this.configs.create(merged));
    return toCastConfig(saved);
  }

  async update(id: string, input: UpdateCastConfigDto): Promise<CastConfig> {
    const current = await this.get(id);
    const next: CastConfigEntity = {
      ...current,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      ...(input.validUntil !== undefined
        ? { validUntil: input.validUntil ? new Date(input.validUntil) : null }
        : {}),
      ...(input.clientSettings ? { clientSettings: { ...input.clientSettings } } : {}),
    };
    await this.check(next, id);
    const saved = await this.configs.save(next);
    if (current.enabled && !saved.enabled) await this.testVisits.revokeAll(id);
    return toCastConfig(saved);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    await this.configs.delete({ id });
  }

  /** A new key; the old one, and every test token minted for the link, stop working at once. */
  async rotateKey(id: string): Promise<CastConfig> {
    const c = await this.get(id);
    const saved = await this.configs.save({ ...c, key: newKey() });
    await this.testVisits.revokeAll(id);
    return toCastConfig(saved);
  }

  async claimsOf(id: string, limit = 500): Promise<CastClaim[]> {
    await this.get(id);
    await this.flushClaims();
    const rows = await this.claims.find({ where: { castConfigId: id }, order: { at: 'DESC' }, take: limit });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      ip: r.ip,
      outcome: r.outcome,
      userId: r.userId,
      sessionId: r.sessionId,
      stage: r.stage,
      test: r.test,
    }));
  }

  /**
   * Records one cast request in the audit. Writes are batched: a flood of refused requests then
   * costs one INSERT per batch instead of one per request, which keeps refusing cheap.
   */
  recordClaim(
    claim: Omit<CastClaimEntity, 'id' | 'at' | 'stage' | 'test'> &
      Partial<Pick<CastClaimEntity, 'stage' | 'test'>>,
  ): Promise<void> {
    // The launch may have failed before its "ok" was recorded (a missing image fails in ms).
    const failedAs = claim.sessionId ? this.failedEarly.get(claim.sessionId) : undefined;
    if (failedAs && claim.sessionId) this.failedEarly.delete(claim.sessionId);
    this.pendingClaims.push({
      stage: 'cast',
      test: false,
      ...claim,
      outcome: failedAs ?? claim.outcome,
      ip: claim.ip.slice(0, 64),
      at: new Date(),
    });
    if (this.pendingClaims.length >= CLAIM_BATCH) return this.flushClaims();
    this.flushTimer ??= setTimeout(() => void this.flushClaims(), CLAIM_FLUSH_MS);
    return Promise.resolve();
  }

  /**
   * A launch that was answered (claim "ok") failed later: its claim takes the failure's code,
   * whether it still waits in memory or was written already.
   */
  async markClaimFailed(sessionId: string, code: string): Promise<void> {
    const outcome = code.slice(0, 64);
    const inMemory = (): boolean => {
      let found = false;
      for (const claim of this.pendingClaims)
        if (claim.sessionId === sessionId) {
          claim.outcome = outcome;
          found = true;
        }
      return found;
    };
    if (inMemory()) return;
    await this.flushing;
    const { affected } = await this.claims.update({ sessionId, outcome: 'ok' }, { outcome });
    // Recorded meanwhile, while the update ran?
    if (affected || inMemory()) return;
    // Not recorded yet: the cast is still answering. Its recordClaim takes this code.
    this.failedEarly.set(sessionId, outcome);
    setTimeout(() => this.failedEarly.delete(sessionId), 60_000).unref();
  }

  /** Writes the claims waiting in memory (also before the audit is read, and at shutdown). */
  flushClaims(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pendingClaims;
    this.pendingClaims = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.claims.insert(batch);
      } catch (e) {
        this.logger.warn(`could not record ${batch.length} cast claim(s): ${String(e)}`);
      }
    });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushClaims();
  }

  private async check(
    c: Omit<CastConfigEntity, 'id' | 'createdAt' | 'updatedAt'>,
    id: string | null,
  ): Promise<void> {
    const fields: Record<string, string> = {};
    const clash = await this.configs.findOne({ where: { key: c.key } });
    if (clash && clash.id !== id)
      throw new AppError('KEY_TAKEN', `The key "${c.key}" is already used by another casting link`, {
        fields: { key: 'already used' },
      });
    const nameClash = await this.configs
      .createQueryBuilder('c')
      .where('lower(c.name) = lower(:name)', { name: c.name })
      .getOne();
    if (nameClash && nameClash.id !== id)
      throw new AppError('NAME_TAKEN', `The name "${c.name}" is already used`, {
        fields: { name: 'already used' },
      });
    if (!(await this.workspaces.find(c.workspaceId))) fields['workspaceId'] = 'no such workspace';
    if (c.anonymousGroupId && !(await this.groups.exists(c.anonymousGroupId)))
      fields['anonymousGroupId'] = 'no such group';
    if (c.requireCaptcha && !c.allowAnonymous)
      fields['requireCaptcha'] = 'a CAPTCHA applies only to anonymous access: turn on allowAnonymous';
    if (c.limitSessions && (c.sessionsRemaining === null || c.sessionsRemaining === undefined)) {
      fields['sessionsRemaining'] = 'required when limitSessions is on';
    }
    if (c.limitIps) {
      if (!c.ipRequestLimit)
        fields['ipRequestLimit'] = 'required when limitIps is on (a positive whole number)';
      if (!c.ipRequestSeconds)
        fields['ipRequestSeconds'] = 'required when limitIps is on (a positive whole number)';
    }
    c.allowedReferrers.forEach((d, i) => {
      if (!isDomainName(d))
        fields[`allowedReferrers[${i}]`] = 'must be a domain name such as acme.com (no scheme or path)';
    });
    Object.assign(fields, validateRemoteAppConfig(c.remoteAppConfig));
    if (Object.keys(fields).length > 0) throw invalidFields(fields);
  }
}
