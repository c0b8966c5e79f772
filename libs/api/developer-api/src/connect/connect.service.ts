import { Inject, Injectable } from '@nestjs/common';
import type { ConnectView } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError } from '@caster/api/core';
import { GroupsService } from '@caster/api/groups';
import { SessionAccessService, SessionsService, type Session, type SessionEntry } from '@caster/api/sessions';
import { fromKasmId } from '../kasm/kasm-ids';
import { ConnectTokensService } from './connect-tokens.service';

const LIVE = new Set(['provisioning', 'starting', 'running']);

/** Who holds a connect grant for a session, and how much they may do. */
export interface ConnectHolder {
  session: Session;
  viewOnly: boolean;
  /** The connect cookie's grant: the session origin's cookie hangs off it. */
  grantId: string;
}

const gone = (): AppError =>
  new AppError('NOT_FOUND', 'This connect link is not valid or its session has ended');

/**
 * The connect path: a `session_token` (a grant for one session) is traded for cookies that admit
 * the browser to that session's proxy and to /api/connect/<id>; nothing else.
 */
@Injectable()
export class ConnectService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly access: SessionAccessService,
    private readonly groups: GroupsService,
    private readonly tokens: ConnectTokensService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /** Checks the token against the session it names and issues the cookie's own grant. */
  async trade(kasmId: string, token: string): Promise<{ holder: ConnectHolder; cookieToken: string }> {
    const sessionId = fromKasmId(kasmId);
    const grant = sessionId ? await this.access.grantFor(token) : null;
    if (!grant || grant.sessionId !== sessionId || (grant.kind !== 'connect' && grant.kind !== 'viewer'))
      throw gone();
    const session = await this.sessions.get(sessionId);
    if (!session?.userId || !LIVE.has(session.state)) throw gone();
    // The cookie gets a grant of its own, with a full lifetime from now; a view-only one stays tied
    // to its share (parent), so ending the share ends it.
    const { token: cookieToken, grant: issued } = await this.access.issueGrant(
      session.id,
      grant.viewOnly ? 'viewer' : 'connect',
      {
        viewOnly: grant.viewOnly,
        ...(grant.parentId ? { parentId: grant.parentId } : {}),
        ttlHours: this.config.auth.tokenTtlHours,
      },
    );
    return { holder: { session, viewOnly: grant.viewOnly, grantId: issued.id }, cookieToken };
  }

  /** The holder of the connect cookie for this session; 404 for anyone else. */
  async holder(sessionId: string, cookieToken: string | undefined): Promise<ConnectHolder> {
    const grant = cookieToken ? await this.access.grantFor(cookieToken) : null;
    if (!grant || grant.sessionId !== sessionId) throw gone();
    const session = await this.sessions.get(sessionId);
    // A session whose owner was deleted has no group settings to keep it alive by: it is over.
    if (!session?.userId) throw gone();
    return { session, viewOnly: grant.viewOnly, grantId: grant.id };
  }

  /**
   * A single-use entry link into the session's own origin for the holder; the cookie it is traded
   * for hangs off the connect cookie's grant, so ending that (or its share) ends it.
   */
  async enter(holder: ConnectHolder): Promise<SessionEntry> {
    if (!LIVE.has(holder.session.state)) throw gone();
    return this.access.issueEntry(holder.session.id, { viewOnly: holder.viewOnly, parentId: holder.grantId });
  }

  async view({ session, viewOnly }: Pick<ConnectHolder, 'session' | 'viewOnly'>): Promise<ConnectView> {
    const v = await this.sessions.view(session);
    return {
      sessionId: v.id,
      state: v.state,
      viewOnly,
      workspaceName: v.workspaceName,
      workspaceType: v.workspaceType,
      viewerUrl: v.viewerUrl,
      expiresAt: v.expiresAt,
      hardExpiresAt: v.hardExpiresAt,
      clientSettings: v.clientSettings,
      flags: v.flags,
      failure: v.failure ?? null,
    };
  }

  async keepalive(holder: ConnectHolder): Promise<{ expiresAt: string }> {
    const session = this.mayControl(holder);
    if (!session.userId) throw gone();
    const { settings } = await this.groups.effectiveSettingsOf(session.userId);
    const updated = await this.sessions.keepalive(session, settings.keepalive_expiration);
    return { expiresAt: (updated.expiresAt ?? new Date()).toISOString() };
  }

  async stop(holder: ConnectHolder): Promise<void> {
    const session = this.mayControl(holder);
    await this.sessions.stop(session.id, 'stopped through a connect link');
    this.tokens.forget(session.id);
  }

  private mayControl({ session, viewOnly }: Pick<ConnectHolder, 'session' | 'viewOnly'>): Session {
    if (viewOnly) throw new AppError('FORBIDDEN', 'A view-only viewer cannot do that');
    return session;
  }
}
