import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups, their explicit members and the workspaces they may launch, plus the system group
 * "All Users". Its membership is implicit (no rows); its priority starts at the maximum so that
 * every other group outranks it until an administrator says otherwise.
 */
export class Groups1764400003000 implements MigrationInterface {
  name = 'Groups1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL,
        description varchar(1000) NOT NULL DEFAULT '',
        priority integer NOT NULL CHECK (priority BETWEEN 1 AND 100000),
        system boolean NOT NULL DEFAULT false,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX groups_name_lower_key ON groups (lower(name))`);
    await q.query(`CREATE UNIQUE INDEX groups_single_system_key ON groups (system) WHERE system`);
    await q.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL CONSTRAINT group_members_group_id_fkey
          REFERENCES groups(id) ON DELETE CASCADE,
        user_id uuid NOT NULL CONSTRAINT group_members_user_id_fkey
          REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    await q.query(`CREATE INDEX group_members_user_id_idx ON group_members (user_id)`);
    await q.query(`
      CREATE TABLE group_workspaces (
        group_id uuid NOT NULL CONSTRAINT group_workspaces_group_id_fkey
          REFERENCES groups(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL CONSTRAINT group_workspaces_workspace_id_fkey
          REFERENCES workspaces(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, workspace_id)
      )`);
    await q.query(`CREATE INDEX group_workspaces_workspace_id_idx ON group_workspaces (workspace_id)`);
    await q.query(`
      INSERT INTO groups (name, description, priority, system)
      VALUES ('All Users', 'Every user is a member of this group.', 100000, true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE group_workspaces`);
    await q.query(`DROP TABLE group_members`);
    await q.query(`DROP TABLE groups`);
  }
}
