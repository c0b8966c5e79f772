import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type {
  ApiKey,
  ApiKeyPermission,
  CreateApiKeyRequest,
  CreatedApiKey,
  Page,
  PageQuery,
  UpdateApiKeyRequest,
} from '@caster/contracts';
import { AppError, containsPattern, notFound, pageWindow } from '@caster/api/core';
import { isUniqueViolation } from '@caster/api/database';
import { ApiKeyEntity } from './api-key.entity';
import { hashSecret, newApiKey, newApiKeySecret, secretMatches } from './api-key-secrets';

/** last_used_at is a hint for administrators; writing it on every call would double the queries. */
const TOUCH_INTERVAL_MS = 60_000;
const KEY_INDEX = 'api_keys_key_key';
/** Compared against when the key is unknown, so an unknown key costs what a wrong secret costs. */
const DECOY_HASH = hashSecret('decoy-secret-for-timing');

/** What a request authenticated by an API key carries (see ApiKeyGuard). */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
  permissions: readonly ApiKeyPermission[];
  readOnly: boolean;
}

export function toApiKey(e: ApiKeyEntity): ApiKey {
  return {
    id: e.id,
    name: e.name,
    key: e.key,
    permissions: [...e.permissions],
    readOnly: e.readOnly,
    expiresAt: e.expiresAt?.toISOString() ?? null,
    enabled: e.enabled,
    lastUsedAt: e.lastUsedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

const uniquePermissions = (list: readonly ApiKeyPermission[] | undefined): ApiKeyPermission[] => [
  ...new Set(list ?? []),
];

/** Developer API keys: the administrators' CRUD, and checking the credentials of a call. */
@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async list(query: PageQuery): Promise<Page<ApiKey>> {
    const { skip, take } = pageWindow(query);
    const qb = this.keys
      .createQueryBuilder('k')
      .orderBy('lower(k.name)', query.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('k.id', 'ASC')
      .skip(skip)
      .take(take);
    if (query.q) qb.where('(k.name ILIKE :q OR k.key ILIKE :q)', { q: containsPattern(query.q) });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toApiKey), total };
  }

  async get(id: string): Promise<ApiKey> {
    return toApiKey(await this.find(id));
  }

  /** The only answer that carries the secret; only its hash is stored. */
  async create(input: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const secret = newApiKeySecret();
    for (let attempt = 0; ; attempt++) {
      try {
        const saved = await this.keys.save(
          this.keys.create({
            name: input.name,
            key: newApiKey(),
            secretHash: hashSecret(secret),
            permissions: uniquePermissions(input.permissions),
            readOnly: input.readOnly ?? false,
            enabled: input.enabled ?? true,
            expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          }),
        );
        return { ...toApiKey(saved), secret };
      } catch (e) {
        // 72 random bits collide practically never; retry rather than fail if they do.
        if (!isUniqueViolation(e, KEY_INDEX) || attempt >= 2) throw e;
      }
    }
  }

  async update(id: string, input: UpdateApiKeyRequest): Promise<ApiKey> {
    const current = await this.find(id);
    await this.keys.update(
      { id },
      {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.permissions !== undefined ? { permissions: uniquePermissions(input.permissions) } : {}),
        ...(input.readOnly !== undefined ? { readOnly: input.readOnly } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.expiresAt !== undefined
          ? { expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt) }
          : {}),
      },
    );
    return this.get(current.id);
  }

  async remove(id: string): Promise<void> {
    await this.find(id);
    await this.keys.delete({ id });
  }

  /**
   * Checks presented credentials. The secret is verified before anything else is said about the
   * key, so only its holder learns that it is disabled or expired. Every refusal is 401.
   */
  async authenticate(key: string, secret: string, now = new Date()): Promise<ApiKeyPrincipal> {
    const row =
      key.length > 0 && key.length <= 64
        ? await this.keys
            .createQueryBuilder('k')
            .addSelect('k.secretHash')
            .where('k.key = :key', { key })
            .getOne()
        : null;
    const matches = secretMatches(row?.secretHash ?? DECOY_HASH, secret);
    if (!row || !matches) throw new AppError('INVALID_CREDENTIALS', 'Invalid API key or secret');
    if (!row.enabled) throw new AppError('INVALID_CREDENTIALS', 'This API key is disabled');
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime())
      throw new AppError('INVALID_CREDENTIALS', 'This API key has expired');
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.keys.update({ id: row.id }, { lastUsedAt: now });
    }
    return { id: row.id, name: row.name, permissions: row.permissions, readOnly: row.readOnly };
  }

  private async find(id: string): Promise<ApiKeyEntity> {
    const row = await this.keys.findOne({ where: { id } });
    if (!row) throw notFound('API key');
    return row;
  }
}
