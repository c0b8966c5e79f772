import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several API replicas on one database: each registers itself and heartbeats (`api_replicas`), and a
 * session being provisioned records which replica is doing it (`sessions.launched_by`), so the
 * others can tell an in-flight launch from one abandoned by a replica that died.
 */
export class Replicas1764800000000 implements MigrationInterface {
  name = 'Replicas1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_replicas (
        id uuid PRIMARY KEY,
        name varchar(100) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX api_replicas_name_idx ON api_replicas (name)`);
    // No foreign key: a replica's row goes when it stops, and its sessions outlive it.
    await q.query(`ALTER TABLE sessions ADD COLUMN launched_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN launched_by`);
    await q.query(`DROP TABLE api_replicas`);
  }
}
