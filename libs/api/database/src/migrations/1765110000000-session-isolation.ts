import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session isolation: whether a container workspace's sessions may reach the internet
 * (`internet_access`, on by default for existing container workspaces), and how many live sessions
 * a casting link may hold at once (`max_concurrent`, NULL = no limit).
 */
export class SessionIsolation1765110000000 implements MigrationInterface {
  name = 'SessionIsolation1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces ADD COLUMN internet_access boolean`);
    await q.query(`UPDATE workspaces SET internet_access = TRUE WHERE type = 'container'`);
    await q.query(
      `ALTER TABLE cast_configs ADD COLUMN max_concurrent integer CHECK (max_concurrent IS NULL OR max_concurrent >= 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cast_configs DROP COLUMN max_concurrent`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN internet_access`);
  }
}
