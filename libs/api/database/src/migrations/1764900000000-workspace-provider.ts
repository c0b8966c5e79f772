import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a container workspace's sessions run (`provider`: docker or swarm; NULL = SESSION_PROVIDER)
 * and the Swarm placement constraints its sessions' nodes must satisfy.
 */
export class WorkspaceProvider1764900000000 implements MigrationInterface {
  name = 'WorkspaceProvider1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspaces
        ADD COLUMN provider varchar(16) CHECK (provider IN ('docker', 'swarm')),
        ADD COLUMN placement_constraints jsonb`);
    await q.query(`UPDATE workspaces SET placement_constraints = '[]'::jsonb WHERE type = 'container'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces DROP COLUMN placement_constraints, DROP COLUMN provider`);
  }
}
