import { Injectable } from '@nestjs/common';
import type { KasmSession } from '@caster/contracts';
import { AppError, notFound } from '@caster/api/core';
import { SessionsService, type Session } from '@caster/api/sessions';
import { UsersService, type UserEntity } from '@caster/api/users';
import { WorkspacesService, type WorkspaceRecord } from '@caster/api/workspaces';
import { kasmImageType, kasmTime, operationalStatus, toKasmClientSettings } from './kasm-format';
import { fromKasmId, toKasmId, toKasmIdOrNull } from './kasm-ids';

/** Lookups shared by the sessions of one answer (get_kasms lists many sessions of few users). */
class Lookups {
  readonly users = new Map<string, Promise<UserEntity | null>>();
  readonly workspaces = new Map<string, Promise<WorkspaceRecord | null>>();
}

/** Sessions and users as the Developer API names them, and finding them by Kasm ids. */
@Injectable()
export class KasmSessionPresenter {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly workspaces: WorkspacesService,
  ) {}

  /** The user a Kasm id names; 404 when none (an id that is not one names none). */
  async user(kasmUserId: string): Promise<UserEntity> {
    const id = fromKasmId(kasmUserId);
    const user = id ? await this.users.findById(id) : null;
    if (!user) throw notFound('User');
    return user;
  }

  /** A user's session by its Kasm id; when `kasmUserId` is sent the session must be theirs. */
  async session(kasmId: string, kasmUserId?: string): Promise<Session> {
    const id = fromKasmId(kasmId);
    const session = id ? await this.sessions.get(id) : null;
    // Staged sessions belong to nobody yet: not a kasm anyone requested.
    if (!session?.userId) throw notFound('Kasm');
    if (kasmUserId !== undefined && fromKasmId(kasmUserId) !== session.userId) throw notFound('Kasm');
    return session;
  }

  /** A user may not get a session while disabled or locked (Kasm refuses them too). */
  assertMaySignIn(user: UserEntity): void {
    if (user.disabled) throw new AppError('ACCOUNT_DISABLED', `The user "${user.username}" is disabled`);
    if (user.locked) throw new AppError('ACCOUNT_LOCKED', `The user "${user.username}" is locked`);
  }

  async present(session: Session, lookups = new Lookups()): Promise<KasmSession> {
    const view = await this.sessions.view(session);
    const userId = session.userId;
    const user = userId ? await this.cached(lookups.users, userId, () => this.users.findById(userId)) : null;
    const workspace = await this.cached(lookups.workspaces, session.workspaceId, () =>
      this.workspaces.find(session.workspaceId),
    );
    const op = operationalStatus(session.state, {
      code: session.failureCode,
      message: session.failureMessage,
    });
    return {
      kasm_id: toKasmId(session.id),
      user_id: toKasmIdOrNull(userId),
      username: user?.username ?? null,
      image_id: toKasmId(session.workspaceId),
      share_id: view.shareId ?? null,
      operational_status: op.status,
      operational_message: op.message,
      operational_progress: op.progress,
      start_date: kasmTime(session.startedAt),
      created_date: kasmTime(session.createdAt),
      expiration_date: kasmTime(session.expiresAt),
      hard_expiration_date: kasmTime(session.hardExpiresAt),
      image: {
        image_id: toKasmId(session.workspaceId),
        friendly_name: view.workspaceName,
        name: workspace?.image ?? null,
        image_type: kasmImageType(view.workspaceType),
      },
      client_settings: toKasmClientSettings(session.clientSettings),
    };
  }

  async presentAll(sessions: Session[]): Promise<KasmSession[]> {
    const lookups = new Lookups();
    return Promise.all(sessions.map((s) => this.present(s, lookups)));
  }

  private cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = map.get(key);
    if (!hit) {
      hit = load();
      map.set(key, hit);
    }
    return hit;
  }
}
