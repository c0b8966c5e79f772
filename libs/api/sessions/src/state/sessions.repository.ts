import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { ACTIVE_SESSION_STATES, type ClientSettings, type SessionState } from '@caster/contracts';
import { SessionEntity } from './session.entity';
import { LIVE_STATES, REACHABLE_STATES, assertTransitions } from './session-transitions';

/** A session row as the rest of the API sees it: read it here, change it only through the repository. */
export type Session = Readonly<SessionEntity>;

/** Columns a state change may set besides the state. */
export type SessionPatch = Partial<
  Pick<
    SessionEntity,
    'agentId' | 'containerId' | 'host' | 'port' | 'startedAt' | 'stoppedAt' | 'failureCode' | 'failureMessage'
  >
>;

/** What a new session row is made of (the rest takes the column defaults). */
export type NewSession = Pick<SessionEntity, 'workspaceId' | 'state' | 'clientSettings' | 'flags'> &
  Partial<
    Pick<
      SessionEntity,
      | 'userId'
      | 'kasmUrl'
      | 'network'
      | 'connection'
      | 'serverId'
      | 'castConfigId'
      | 'stagingConfigId'
      | 'launchedBy'
      | 'agentId'
      | 'startedAt'
      | 'expiresAt'
      | 'hardExpiresAt'
      | 'stagedExpiresAt'
    >
  >;

/** `state`: a state change; `admin-view` / `admin-stop`: what an administrator did (actorId). */
export type SessionHistoryKind = 'state' | 'admin-view' | 'admin-stop';

export interface SessionHistoryRow {
  at: Date;
  kind: SessionHistoryKind;
  fromState: SessionState | null;
  toState: SessionState | null;
  reason: string | null;
  actorId: string | null;
}

/** One history line, in the caller's transaction when it has one. */
async function recordHistory(
  em: EntityManager,
  row: {
    sessionId: string;
    kind: SessionHistoryKind;
    fromState?: SessionState | null;
    toState?: SessionState | null;
    reason?: string | null;
    actorId?: string | null;
  },
): Promise<void> {
  await em.query(
    `INSERT INTO session_history (session_id, kind, from_state, to_state, reason, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      row.sessionId,
      row.kind,
      row.fromState ?? null,
      row.toState ?? null,
      row.reason?.slice(0, 1000) ?? null,
      row.actorId ?? null,
    ],
  );
}

/** Why a state change happened, as its patch says (a failure's code and message, a stop's reason). */
function reasonOf(patch: SessionPatch): string | null {
  if (patch.failureCode) return `${patch.failureCode}: ${patch.failureMessage ?? ''}`.trim();
  return patch.failureMessage ?? null;
}

/** What a claimed warm session is given by the launch that takes it. */
export type ClaimFields = Pick<
  SessionEntity,
  'userId' | 'flags' | 'kasmUrl' | 'castConfigId' | 'expiresAt' | 'hardExpiresAt'
>;

export interface AdminSessionsFilter {
  state?: SessionState;
  /** Only these owners (a username search answered by the users module). */
  userIds?: readonly string[];
  order: 'asc' | 'desc';
  skip: number;
  take: number;
}

/**
 * The one owner of the sessions table: every read other modules need and every state change,
 * each a conditional statement so concurrent replicas never move a session twice, and only along
 * SESSION_TRANSITIONS. Methods that take an EntityManager run inside the caller's transaction.
 */
@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly rows: Repository<SessionEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ── reads ────────────────────────────────────────────────────────────────────────────────

  get(id: string): Promise<Session | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** The user's own session; null for anyone else's. */
  getOwned(userId: string, id: string): Promise<Session | null> {
    return this.rows.findOne({ where: { id, userId } });
  }

  /** A session a viewer may reach now (provisioning, starting, running). */
  getReachable(id: string): Promise<Session | null> {
    return this.rows.findOne({ where: { id, state: In([...REACHABLE_STATES]) } });
  }

  /** The user's sessions that are not over (staged ones they cannot own are never theirs), newest first. */
  listLiveOf(userId: string): Promise<Session[]> {
    return this.rows.find({ where: { userId, state: In([...LIVE_STATES]) }, order: { createdAt: 'DESC' } });
  }

  /** Every user's active sessions, newest first. */
  listActive(): Promise<Session[]> {
    return this.rows.find({ where: { state: In([...ACTIVE_SESSION_STATES]) }, order: { createdAt: 'DESC' } });
  }

  async listForAdmin(filter: AdminSessionsFilter): Promise<[Session[], number]> {
    const qb = this.rows
      .createQueryBuilder('s')
      .orderBy('s.createdAt', filter.order === 'asc' ? 'ASC' : 'DESC')
      .skip(filter.skip)
      .take(filter.take);
    if (filter.state) qb.where('s.state = :state', { state: filter.state });
    else qb.where('s.state IN (:...live)', { live: [...LIVE_STATES] });
    if (filter.userIds) {
      if (filter.userIds.length === 0) return [[], 0];
      qb.andWhere('s.userId IN (:...userIds)', { userIds: [...filter.userIds] });
    }
    return qb.getManyAndCount();
  }

  /** State and failure of each of these sessions (for viewers that missed events). */
  statesOf(
    ids: readonly string[],
  ): Promise<Pick<Session, 'id' | 'state' | 'failureCode' | 'failureMessage'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rows.find({
      select: { id: true, state: true, failureCode: true, failureMessage: true },
      where: { id: In([...ids]) },
    });
  }

  /** Allow Resume: the user's newest reachable session made by this casting link. */
  findResumable(userId: string, castConfigId: string): Promise<Session | null> {
    return this.rows.findOne({
      where: { userId, castConfigId, state: In([...REACHABLE_STATES]) },
      order: { createdAt: 'DESC' },
    });
  }

  async countActive(userId: string, em: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ n }] = await em.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND state = ANY($2)',
      [userId, [...ACTIVE_SESSION_STATES]],
    );
    return Number(n);
  }

  async countActiveOfLink(
    castConfigId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [{ n }] = await em.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM sessions WHERE cast_config_id = $1 AND state = ANY($2)',
      [castConfigId, [...ACTIVE_SESSION_STATES]],
    );
    return Number(n);
  }

  /** Live sessions per agent, staged ones included: what an agent's capacity is measured against. */
  async countPerAgent(em: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    const rows = await em.query<{ agent_id: string; n: string }[]>(
      `SELECT agent_id, count(*) AS n FROM sessions WHERE agent_id IS NOT NULL AND state = ANY($1) GROUP BY agent_id`,
      [[...ACTIVE_SESSION_STATES, 'staged']],
    );
    return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
  }

  /** Active sessions of a pool workspace per server host. */
  /**
   * Live gateway sessions per server (server workspace id), any workspace: a server shared by two
   * pools is busy for both. Inside a launch's transaction `em` sees its own lock's order.
   */
  async activePerServer(
    serverIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (serverIds.length === 0) return new Map();
    const rows = await em.query<{ server_id: string; n: string }[]>(
      `SELECT server_id, count(*) AS n FROM sessions
        WHERE server_id = ANY($1) AND state = ANY($2) GROUP BY 1`,
      [serverIds, [...ACTIVE_SESSION_STATES]],
    );
    return new Map(rows.map((r) => [r.server_id, Number(r.n)]));
  }

  async anyLiveOnAgent(agentId: string): Promise<boolean> {
    const [row] = await this.rows.query<unknown[]>(
      `SELECT 1 FROM sessions WHERE agent_id = $1 AND state <> ALL($2) LIMIT 1`,
      [agentId, ['stopped', 'failed']],
    );
    return row !== undefined;
  }

  async usersWithActive(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.rows.find({
      select: { userId: true },
      where: { userId: In([...userIds]), state: In([...ACTIVE_SESSION_STATES]) },
    });
    return new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null));
  }

  async liveIdsOf(userId: string): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: { userId, state: In([...LIVE_STATES]) },
    });
    return rows.map((r) => r.id);
  }

  /** Reachable sessions past their keepalive expiry or their time limit. */
  async expiredIds(now: Date): Promise<string[]> {
    const live = In([...REACHABLE_STATES]);
    const rows = await this.rows.find({
      select: { id: true },
      where: [
        { state: live, expiresAt: LessThan(now) },
        { state: live, hardExpiresAt: LessThan(now) },
      ],
    });
    return rows.map((r) => r.id);
  }

  /** Settled sessions on an agent, unchanged since `before`: the reconciler checks their containers. */
  async settledIdsOn(agentId: string, before: Date): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: { agentId, state: In(['running', 'staged', 'stopping']), updatedAt: LessThan(before) },
    });
    return rows.map((r) => r.id);
  }

  /** Each session's state and whether the replica launching it is alive (`aliveSql` judges it). */
  async statesWithLauncher(
    ids: readonly string[],
    aliveSql: (column: string) => string,
  ): Promise<{ id: string; state: SessionState; launcher_alive: boolean }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT s.id, s.state, ${aliveSql('s.launched_by')} AS launcher_alive FROM sessions s WHERE s.id = ANY($1)`,
      [[...ids]],
    );
  }

  /** The database's clock, so "changed after" comparisons use one clock. */
  async now(): Promise<Date> {
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>('SELECT now() AS now');
    return now;
  }

  // ── staging pools ───────────────────────────────────────────────────────────────────────────

  async stagedExpiredIds(now: Date): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: { state: 'staged', userId: IsNull(), stagedExpiresAt: LessThan(now) },
    });
    return rows.map((r) => r.id);
  }

  /** A pool's unowned sessions on their way or warm, oldest first. */
  stagingPool(stagingConfigId: string): Promise<Pick<Session, 'id' | 'state'>[]> {
    return this.rows.find({
      select: { id: true, state: true },
      where: { stagingConfigId, userId: IsNull(), state: In(['provisioning', 'starting', 'staged']) },
      order: { createdAt: 'ASC' },
    });
  }

  /** Warm sessions ready to hand over, per staging config. */
  async readyPerStagingConfig(): Promise<Map<string, number>> {
    const rows = await this.rows
      .createQueryBuilder('s')
      .select('s.stagingConfigId', 'id')
      .addSelect('count(*)', 'n')
      .where("s.state = 'staged' AND s.userId IS NULL")
      .groupBy('s.stagingConfigId')
      .getRawMany<{ id: string; n: string }>();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /**
   * Hands over a warm staged session whose pool's client settings equal the request's, inside the
   * launch's transaction (FOR UPDATE SKIP LOCKED: racing launches each get their own or none).
   */
  async claimStaged(
    em: EntityManager,
    workspaceId: string,
    clientSettings: ClientSettings,
    fields: ClaimFields,
  ): Promise<Session | null> {
    const [rows] = await em.query<[{ id: string }[], number]>(
      `UPDATE sessions SET user_id = $1, state = 'running', flags = $2, kasm_url = $3, cast_config_id = $4,
              expires_at = $5, hard_expires_at = $6, started_at = now(), updated_at = now()
        WHERE id = (
          SELECT s.id FROM sessions s JOIN staging_configs c ON c.id = s.staging_config_id
           WHERE s.state = 'staged' AND s.user_id IS NULL AND s.workspace_id = $7 AND c.client_settings = $8::jsonb
           ORDER BY s.started_at LIMIT 1
           FOR UPDATE OF s SKIP LOCKED)
        RETURNING id`,
      [
        fields.userId,
        JSON.stringify(fields.flags),
        fields.kasmUrl,
        fields.castConfigId,
        fields.expiresAt,
        fields.hardExpiresAt,
        workspaceId,
        JSON.stringify(clientSettings),
      ],
    );
    if (!rows[0]) return null;
    await recordHistory(em, {
      sessionId: rows[0].id,
      kind: 'state',
      fromState: 'staged',
      toState: 'running',
      reason: 'a warm session handed to a launch',
    });
    return em.findOneOrFail(SessionEntity, { where: { id: rows[0].id } });
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────────

  async insert(
    fields: NewSession,
    em: EntityManager = this.dataSource.manager,
    reason: string | null = null,
  ): Promise<Session> {
    const row = await em.save(em.create(SessionEntity, fields));
    await recordHistory(em, { sessionId: row.id, kind: 'state', toState: row.state, reason });
    return row;
  }

  /** An administrator's look at or stop of a session, kept with its state history. */
  async recordAdminAction(
    sessionId: string,
    kind: Exclude<SessionHistoryKind, 'state'>,
    actorId: string,
    reason: string | null = null,
  ): Promise<void> {
    await recordHistory(this.dataSource.manager, { sessionId, kind, actorId, reason });
  }

  /** The session's state changes and administrators' actions, oldest first. */
  async historyOf(sessionId: string): Promise<SessionHistoryRow[]> {
    const rows = await this.dataSource.query<
      {
        at: Date;
        kind: SessionHistoryKind;
        from_state: SessionState | null;
        to_state: SessionState | null;
        reason: string | null;
        actor_id: string | null;
      }[]
    >(
      `SELECT at, kind, from_state, to_state, reason, actor_id FROM session_history
        WHERE session_id = $1 ORDER BY id`,
      [sessionId],
    );
    return rows.map((r) => ({
      at: new Date(r.at),
      kind: r.kind,
      fromState: r.from_state,
      toState: r.to_state,
      reason: r.reason,
      actorId: r.actor_id,
    }));
  }

  /**
   * Moves the session from one of `from` to `to` only if it is still there; false when it moved on
   * (stopped meanwhile, failed by another replica). Throws for a move SESSION_TRANSITIONS forbids.
   */
  async transition(
    id: string,
    from: readonly SessionState[],
    to: SessionState,
    patch: SessionPatch = {},
  ): Promise<boolean> {
    assertTransitions(from, to);
    // The old state is read under the row's lock, so the history says which move was made.
    return this.dataSource.transaction(async (em) => {
      const [old] = await em.query<{ state: SessionState }[]>(
        'SELECT state FROM sessions WHERE id = $1 AND state = ANY($2) FOR UPDATE',
        [id, [...from]],
      );
      if (!old) return false;
      await em
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ ...patch, state: to })
        .where({ id })
        .execute();
      await recordHistory(em, {
        sessionId: id,
        kind: 'state',
        fromState: old.state,
        toState: to,
        reason: reasonOf(patch),
      });
      return true;
    });
  }

  /** First step of a stop: any live state → stopping; answers where its container is, or null. */
  async beginStop(
    id: string,
    reason: string | null = null,
  ): Promise<{ containerId: string | null; agentId: string | null } | null> {
    const from: SessionState[] = ['staged', 'provisioning', 'starting', 'running'];
    assertTransitions(from, 'stopping');
    const rows = await this.dataSource.query<{ container_id: string | null; agent_id: string | null }[]>(
      `WITH old AS (SELECT id, state FROM sessions WHERE id = $1 AND state = ANY($2) FOR UPDATE),
            moved AS (UPDATE sessions s SET state = 'stopping', updated_at = now() FROM old
                       WHERE s.id = old.id RETURNING s.id, s.container_id, s.agent_id, old.state AS from_state),
            logged AS (INSERT INTO session_history (session_id, kind, from_state, to_state, reason)
                       SELECT id, 'state', from_state, 'stopping', $3 FROM moved)
       SELECT container_id, agent_id FROM moved`,
      [id, from, reason],
    );
    const row = rows[0];
    return row ? { containerId: row.container_id, agentId: row.agent_id } : null;
  }

  /**
   * Fails, in one statement that judges liveness itself, every launch whose replica is dead;
   * `replicaId`'s own launches are never among them. Answers what each had taken.
   */
  async failAbandonedLaunches(
    replicaId: string,
    aliveSql: (column: string) => string,
    message: string,
  ): Promise<
    {
      id: string;
      userId: string | null;
      castConfigId: string | null;
      agentId: string | null;
      containerId: string | null;
    }[]
  > {
    assertTransitions(['provisioning', 'starting'], 'failed');
    const rows = await this.dataSource.query<
      {
        id: string;
        user_id: string | null;
        cast_config_id: string | null;
        agent_id: string | null;
        container_id: string | null;
      }[]
    >(
      `WITH old AS (SELECT s.id, s.state FROM sessions s
                     WHERE s.state IN ('provisioning', 'starting') AND s.launched_by IS DISTINCT FROM $2
                       AND NOT ${aliveSql('s.launched_by')}
                     FOR UPDATE),
            moved AS (UPDATE sessions s SET state = 'failed', failure_code = 'PROVISION_FAILED',
                             failure_message = $1, stopped_at = now(), updated_at = now()
                        FROM old WHERE s.id = old.id AND s.state = old.state
                      RETURNING s.id, s.user_id, s.cast_config_id, s.agent_id, s.container_id,
                                old.state AS from_state),
            logged AS (INSERT INTO session_history (session_id, kind, from_state, to_state, reason)
                       SELECT id, 'state', from_state, 'failed', 'PROVISION_FAILED: ' || $1 FROM moved)
       SELECT id, user_id, cast_config_id, agent_id, container_id FROM moved`,
      [message, replicaId],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      castConfigId: r.cast_config_id,
      agentId: r.agent_id,
      containerId: r.container_id,
    }));
  }

  /** Gives a session recorded without an agent (a warm one) its agent, inside the slot's transaction. */
  async assignAgent(em: EntityManager, id: string, agentId: string): Promise<boolean> {
    const [, affected] = await em.query<[unknown, number]>(
      `UPDATE sessions SET agent_id = $1 WHERE id = $2 AND agent_id IS NULL AND state = 'provisioning'`,
      [agentId, id],
    );
    return affected > 0;
  }

  /** The keepalive expiry (the caller caps it at the hard limit). */
  async setExpiry(id: string, expiresAt: Date): Promise<void> {
    await this.rows.update({ id }, { expiresAt });
  }

  async setSharing(session: Session, sharing: boolean): Promise<void> {
    await this.rows.update({ id: session.id }, { flags: { ...session.flags, sharing } });
  }
}
