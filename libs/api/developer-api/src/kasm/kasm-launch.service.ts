import { Inject, Injectable } from '@nestjs/common';
import type { KasmRequestKasmResponse } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, notFound } from '@caster/api/core';
import { AnonymousLaunch } from '@caster/api/casting';
import { SessionLaunchService, SessionsService, type Launched } from '@caster/api/sessions';
import type { UserEntity } from '@caster/api/users';
import { ConnectTokensService } from '../connect/connect-tokens.service';
import type { JoinKasmDto, JoinKasmResponseDto, RequestKasmDto } from './dto/sessions.dto';
import { connectUrl, operationalStatus } from './kasm-format';
import { fromKasmId, toKasmId } from './kasm-ids';
import { KasmSessionPresenter } from './kasm-session-presenter';

/** request_kasm and join_kasm: a session (or a view of one) and the URL that opens it. */
@Injectable()
export class KasmLaunchService {
  constructor(
    private readonly launcher: SessionLaunchService,
    private readonly sessions: SessionsService,
    private readonly anonymous: AnonymousLaunch,
    private readonly tokens: ConnectTokensService,
    private readonly presenter: KasmSessionPresenter,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /**
   * Launches the workspace for the user, as the dashboard would (the user's groups must allow it).
   * Without user_id, a new anonymous user is made, like Kasm does; it is removed with the others
   * once it has no running session.
   */
  async requestKasm(body: RequestKasmDto): Promise<KasmRequestKasmResponse> {
    const workspaceId = fromKasmId(body.image_id);
    if (!workspaceId) throw notFound('Image');
    const existing = body.user_id !== undefined ? await this.presenter.user(body.user_id) : null;
    if (existing) this.presenter.assertMaySignIn(existing);
    const launch = {
      workspaceId,
      checkGroupPermission: true,
      kasmUrl: body.kasm_url ?? null,
      enableSharing: body.enable_sharing ?? false,
    };
    let launched: Launched & { user: UserEntity };
    try {
      launched = existing
        ? {
            user: existing,
            ...(await this.launcher.launch({
              ...launch,
              userId: existing.id,
              username: existing.username,
              anonymous: existing.anonymous,
            })),
          }
        : // Without user_id a new anonymous user, as Kasm does; removed again if the launch is
          // refused or provisioning fails, else with the others once it has no running session.
          await this.anonymous.launch({ ...launch, onFailure: (s) => this.anonymous.drop(s.userId ?? '') });
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('Image');
      throw e;
    }
    const { user, session } = launched;
    const view = await this.sessions.view(session);
    const token = await this.tokens.issue(session.id, false);
    return {
      kasm_id: toKasmId(session.id),
      status: operationalStatus(view.state).status,
      share_id: view.shareId ?? null,
      user_id: toKasmId(user.id),
      username: user.username,
      session_token: token,
      kasm_url: connectUrl(this.config.publicUrl, session.id, token),
    };
  }

  /** A view-only token through a share link; it stops working when sharing stops. */
  async joinKasm(body: JoinKasmDto): Promise<JoinKasmResponseDto> {
    const found = await this.sessions.findShare(body.share_id.trim().toLowerCase());
    if (!found) throw notFound('Share');
    const user = body.user_id !== undefined ? await this.presenter.user(body.user_id) : null;
    const token = await this.tokens.issueForShare(found.session.id, found.grant.id);
    return {
      kasm_id: toKasmId(found.session.id),
      share_id: found.grant.shareId ?? body.share_id,
      user_id: user ? toKasmId(user.id) : null,
      username: user?.username ?? null,
      session_token: token,
      kasm_url: connectUrl(this.config.publicUrl, found.session.id, token),
      kasm: await this.presenter.present(found.session),
    };
  }
}
