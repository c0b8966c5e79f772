import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Workspaces of four types in one table; columns of the other types stay NULL. */
export class Workspaces1764400002000 implements MigrationInterface {
  name = 'Workspaces1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(128) NOT NULL,
        description varchar(2000) NOT NULL DEFAULT '',
        type varchar(16) NOT NULL CHECK (type IN ('container', 'server', 'pool', 'link')),
        enabled boolean NOT NULL DEFAULT true,
        image varchar(512),
        cores double precision,
        memory_mb integer,
        env jsonb,
        run_config jsonb,
        exec_config jsonb,
        allow_network_selection boolean,
        allowed_networks jsonb,
        persistent_profile_path varchar(1024),
        session_time_limit_sec integer,
        server_host varchar(255),
        server_port integer,
        server_protocol varchar(8) CHECK (server_protocol IN ('rdp', 'vnc', 'ssh')),
        server_username varchar(255),
        server_password varchar(1024),
        server_domain varchar(255),
        url varchar(2048),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX workspaces_name_lower_key ON workspaces (lower(name))`);
    await q.query(`
      CREATE TABLE workspace_pool_members (
        pool_id uuid NOT NULL CONSTRAINT workspace_pool_members_pool_id_fkey
          REFERENCES workspaces(id) ON DELETE CASCADE,
        server_id uuid NOT NULL CONSTRAINT workspace_pool_members_server_id_fkey
          REFERENCES workspaces(id) ON DELETE CASCADE,
        PRIMARY KEY (pool_id, server_id)
      )`);
    await q.query(`CREATE INDEX workspace_pool_members_server_id_idx ON workspace_pool_members (server_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workspace_pool_members`);
    await q.query(`DROP TABLE workspaces`);
  }
}
