import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LIVE_SESSION_STATES, type LiveSessionState } from '@caster/contracts';

export interface SessionCount {
  state: LiveSessionState;
  agent: string;
  n: number;
}

export interface PoolFill {
  id: string;
  workspaceId: string;
  workspaceName: string;
  target: number;
  ready: number;
  starting: number;
}

export interface ClaimCount {
  /** Bucket start, seconds since the epoch. */
  bucket: number;
  outcome: string;
  n: number;
}

export interface RefusalCount {
  id: string;
  name: string;
  key: string;
  total: number;
  outcome: string;
  n: number;
}

/**
 * The read-only aggregates behind /metrics and the admin overview: a reporting read model over the
 * sessions, staging and casting tables, kept in one place rather than adding a count to each
 * domain's service. Every query is an aggregate over an index (sessions_state_idx,
 * sessions_staging_idx, cast_claims_at_idx) and returns a handful of rows.
 */
@Injectable()
export class OpsStatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async sessionsByStateAndAgent(): Promise<SessionCount[]> {
    const rows = await this.db.query<{ state: LiveSessionState; agent: string; n: number }[]>(
      `SELECT state, coalesce(agent_id, '') AS agent, count(*)::int AS n
         FROM sessions WHERE state = ANY($1) GROUP BY 1, 2`,
      [[...LIVE_SESSION_STATES]],
    );
    return rows.map((r) => ({ state: r.state, agent: r.agent, n: Number(r.n) }));
  }

  /** Every staging pool with its warm (unowned) sessions: ready, still starting, and the target. */
  async poolFill(): Promise<PoolFill[]> {
    const rows = await this.db.query<
      {
        id: string;
        workspace_id: string;
        workspace_name: string;
        target: number;
        ready: number;
        starting: number;
      }[]
    >(
      `SELECT c.id, c.workspace_id, coalesce(w.name, '') AS workspace_name, c.desired_sessions AS target,
              count(s.id) FILTER (WHERE s.state = 'staged')::int AS ready,
              count(s.id) FILTER (WHERE s.state IN ('provisioning', 'starting'))::int AS starting
         FROM staging_configs c
         LEFT JOIN workspaces w ON w.id = c.workspace_id
         LEFT JOIN sessions s ON s.staging_config_id = c.id AND s.user_id IS NULL
                             AND s.state IN ('staged', 'provisioning', 'starting')
        GROUP BY c.id, w.name
        ORDER BY c.created_at, c.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      target: Number(r.target),
      ready: Number(r.ready),
      starting: Number(r.starting),
    }));
  }

  /** Cast requests in [from, to) by bucket (aligned to multiples of `stepSeconds` since the epoch) and outcome. */
  async claimsByBucket(from: Date, to: Date, stepSeconds: number): Promise<ClaimCount[]> {
    const rows = await this.db.query<{ bucket: string; outcome: string; n: number }[]>(
      `SELECT (floor(extract(epoch FROM at) / $3) * $3)::bigint AS bucket, outcome, count(*)::int AS n
         FROM cast_claims WHERE at >= $1 AND at < $2
        GROUP BY 1, 2`,
      [from, to, stepSeconds],
    );
    return rows.map((r) => ({ bucket: Number(r.bucket), outcome: r.outcome, n: Number(r.n) }));
  }

  /** The `limit` links with the most refused requests in [from, to), one row per (link, refusal code). */
  async topRefusingLinks(from: Date, to: Date, limit: number): Promise<RefusalCount[]> {
    const rows = await this.db.query<
      { id: string; name: string; key: string; total: number; outcome: string; n: number }[]
    >(
      `WITH refused AS (
         SELECT cast_config_id, outcome, count(*)::int AS n
           FROM cast_claims WHERE at >= $1 AND at < $2 AND outcome <> 'ok'
          GROUP BY 1, 2),
       top AS (
         SELECT cast_config_id, sum(n)::int AS total FROM refused
          GROUP BY 1 ORDER BY total DESC, cast_config_id LIMIT $3)
       SELECT c.id, c.name, c.key, top.total, refused.outcome, refused.n
         FROM top
         JOIN cast_configs c ON c.id = top.cast_config_id
         JOIN refused ON refused.cast_config_id = top.cast_config_id
        ORDER BY top.total DESC, c.id, refused.n DESC, refused.outcome`,
      [from, to, limit],
    );
    return rows.map((r) => ({ ...r, total: Number(r.total), n: Number(r.n) }));
  }

  /** Enabled workspaces, oldest first (the getting-started checklist). */
  async enabledWorkspaces(limit: number): Promise<{ id: string; type: string; image: string | null }[]> {
    return this.db.query(
      `SELECT id, type, image FROM workspaces WHERE enabled ORDER BY created_at, id LIMIT $1`,
      [limit],
    );
  }

  async firstEnabledLink(): Promise<string | null> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM cast_configs WHERE enabled ORDER BY created_at, id LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }

  /** The link of the latest cast that answered "ok" (a test visit counts: it was a real launch). */
  async lastSuccessfulCastLink(): Promise<string | null> {
    const rows = await this.db.query<{ cast_config_id: string }[]>(
      `SELECT cast_config_id FROM cast_claims WHERE outcome = 'ok' ORDER BY at DESC LIMIT 1`,
    );
    return rows[0]?.cast_config_id ?? null;
  }
}
