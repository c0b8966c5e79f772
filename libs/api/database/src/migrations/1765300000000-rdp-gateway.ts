import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server and pool workspaces are streamed through an RDP gateway session:
 * - `workspaces.server_ignore_certificate`: the gateway accepts the server's certificate unverified;
 * - `workspaces.pool_sessions_per_server`: how many sessions one pool member takes (NULL → 1);
 * - `sessions.server_id`: the server workspace a gateway session is connected to, so a pool knows
 *   which members are busy and a member is given back when its session ends.
 */
export class RdpGateway1765300000000 implements MigrationInterface {
  name = 'RdpGateway1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE workspaces ADD COLUMN server_ignore_certificate boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE workspaces ADD COLUMN pool_sessions_per_server integer`);
    await q.query(`UPDATE workspaces SET pool_sessions_per_server = 1 WHERE type = 'pool'`);
    await q.query(`ALTER TABLE sessions ADD COLUMN server_id uuid`);
    await q.query(`CREATE INDEX sessions_server_state_idx ON sessions (server_id, state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sessions_server_state_idx`);
    await q.query(`ALTER TABLE sessions DROP COLUMN server_id`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN pool_sessions_per_server`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN server_ignore_certificate`);
  }
}
