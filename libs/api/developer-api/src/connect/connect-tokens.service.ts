import { Inject, Injectable } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { SessionAccessService } from '@caster/api/sessions';

interface Cached {
  token: string;
  expiresAt: number;
}

/** Connect tokens kept in memory for reuse, at most this many (the oldest go first). */
const MAX_CACHED = 10_000;

/**
 * `session_token`s: grants of kind `connect` (full control) or `viewer` (view-only) that admit their
 * holder to exactly one session (SessionAccessService). Only their hash reaches the database, so a
 * token cannot be read back; to keep an integrator that polls get_kasm_status from minting a grant
 * row per poll, the token of each session is also held in this process's memory and handed out
 * again while more than half of its lifetime is left.
 */
@Injectable()
export class ConnectTokensService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly access: SessionAccessService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  private get ttlMs(): number {
    return this.config.auth.tokenTtlHours * 3_600_000;
  }

  /** A new full-control (or view-only) token for the session, remembered for reuse. */
  async issue(sessionId: string, viewOnly: boolean): Promise<string> {
    const { token } = await this.access.issueGrant(sessionId, viewOnly ? 'viewer' : 'connect', {
      viewOnly,
      ttlHours: this.config.auth.tokenTtlHours,
    });
    this.remember(`${sessionId}:${viewOnly ? 'view' : 'full'}`, token);
    return token;
  }

  /** A token for the session: the remembered one while it has over half its lifetime left, else a new one. */
  async current(sessionId: string, viewOnly: boolean): Promise<string> {
    const cached = this.cache.get(`${sessionId}:${viewOnly ? 'view' : 'full'}`);
    if (cached && cached.expiresAt - Date.now() > this.ttlMs / 2) return cached.token;
    return this.issue(sessionId, viewOnly);
  }

  /** A view-only token through a share link: it dies with the share (its parent grant). */
  async issueForShare(sessionId: string, shareGrantId: string): Promise<string> {
    const { token } = await this.access.issueGrant(sessionId, 'viewer', {
      viewOnly: true,
      parentId: shareGrantId,
      ttlHours: this.config.auth.tokenTtlHours,
    });
    return token;
  }

  /** The session ended: its grants are revoked, so forget its tokens. */
  forget(sessionId: string): void {
    this.cache.delete(`${sessionId}:full`);
    this.cache.delete(`${sessionId}:view`);
  }

  private remember(key: string, token: string): void {
    this.cache.delete(key);
    this.cache.set(key, { token, expiresAt: Date.now() + this.ttlMs });
    while (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
