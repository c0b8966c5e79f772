import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Casting links, the audit of every cast request, and used CAPTCHA tokens (single use). */
export class Casting1764600000000 implements MigrationInterface {
  name = 'Casting1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cast_configs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(128) NOT NULL,
        key varchar(64) NOT NULL,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE RESTRICT,
        enabled boolean NOT NULL DEFAULT true,
        allow_resume boolean NOT NULL DEFAULT false,
        allow_anonymous boolean NOT NULL DEFAULT false,
        require_captcha boolean NOT NULL DEFAULT false,
        anonymous_group_id uuid REFERENCES groups(id) ON DELETE SET NULL,
        limit_sessions boolean NOT NULL DEFAULT false,
        sessions_remaining integer CHECK (sessions_remaining >= 0),
        limit_ips boolean NOT NULL DEFAULT false,
        ip_request_limit integer CHECK (ip_request_limit > 0),
        ip_request_seconds integer CHECK (ip_request_seconds > 0),
        kasm_url varchar(2048),
        dynamic_kasm_url boolean NOT NULL DEFAULT false,
        dynamic_docker_network boolean NOT NULL DEFAULT false,
        error_url varchar(2048),
        disable_control_panel boolean NOT NULL DEFAULT false,
        disable_tips boolean NOT NULL DEFAULT false,
        enable_sharing boolean NOT NULL DEFAULT false,
        disable_fixed_resolution boolean NOT NULL DEFAULT false,
        allowed_referrers jsonb NOT NULL DEFAULT '[]',
        enforce_client_settings boolean NOT NULL DEFAULT false,
        client_settings jsonb NOT NULL,
        remote_app_config jsonb,
        valid_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX cast_configs_key_key ON cast_configs (key)`);
    await q.query(`
      CREATE TABLE cast_claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cast_config_id uuid NOT NULL REFERENCES cast_configs(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        ip varchar(64) NOT NULL,
        outcome varchar(64) NOT NULL,
        user_id uuid,
        session_id uuid
      )`);
    await q.query(`CREATE INDEX cast_claims_config_at_idx ON cast_claims (cast_config_id, at DESC)`);
    await q.query(`
      CREATE TABLE captcha_tokens (
        token_hash char(64) PRIMARY KEY,
        used_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE captcha_tokens`);
    await q.query(`DROP TABLE cast_claims`);
    await q.query(`DROP TABLE cast_configs`);
  }
}
