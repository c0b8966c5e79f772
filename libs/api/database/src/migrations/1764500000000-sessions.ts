import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions, the per-session access grants (viewer cookies, share links), and staging pools. */
export class Sessions1764500000000 implements MigrationInterface {
  name = 'Sessions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // One row: this installation's id, put on every container it creates, so that clean-up never
    // touches containers of another Caster (or another test run) on the same engine.
    await q.query(
      `CREATE TABLE installation (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`INSERT INTO installation DEFAULT VALUES`);
    await q.query(`
      CREATE TABLE staging_configs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        desired_sessions integer NOT NULL CHECK (desired_sessions >= 0),
        expiration_hours double precision NOT NULL CHECK (expiration_hours > 0),
        client_settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        state varchar(16) NOT NULL CHECK (state IN ('staged','provisioning','starting','running','stopping','stopped','failed')),
        agent_id varchar(64),
        container_id varchar(128),
        host varchar(255),
        port integer,
        client_settings jsonb NOT NULL,
        flags jsonb NOT NULL,
        kasm_url varchar(2048),
        network varchar(255),
        connection jsonb,
        cast_config_id uuid,
        staging_config_id uuid REFERENCES staging_configs(id) ON DELETE SET NULL,
        failure_code varchar(64),
        failure_message varchar(1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        expires_at timestamptz,
        hard_expires_at timestamptz,
        stopped_at timestamptz,
        staged_expires_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sessions_user_state_idx ON sessions (user_id, state)`);
    await q.query(`CREATE INDEX sessions_state_idx ON sessions (state)`);
    await q.query(`CREATE INDEX sessions_staging_idx ON sessions (staging_config_id, state)`);
    await q.query(`
      CREATE TABLE session_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        -- owner: the owner's viewer cookie; share: a share link (share_id); viewer: a cookie handed to
        -- someone who joined a share (parent_id = the share); connect: an integrator's session_token.
        kind varchar(16) NOT NULL CHECK (kind IN ('owner','share','viewer','connect')),
        parent_id uuid REFERENCES session_grants(id) ON DELETE CASCADE,
        token_hash char(64) UNIQUE,
        share_id varchar(64) UNIQUE,
        view_only boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX session_grants_session_idx ON session_grants (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_grants`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE staging_configs`);
    await q.query(`DROP TABLE installation`);
  }
}
