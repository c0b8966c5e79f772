import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Open as a visitor": an administrator's short-lived test token for one link (stored hashed), and
 * the claim flag that marks the casts made with it, so the audit tells tests from real visitors.
 */
export class CastTestVisits1765410000000 implements MigrationInterface {
  name = 'CastTestVisits1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cast_claims ADD COLUMN test boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE cast_test_visits (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cast_config_id uuid NOT NULL REFERENCES cast_configs(id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL,
        created_by uuid,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX cast_test_visits_token_key ON cast_test_visits (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cast_test_visits`);
    await q.query(`ALTER TABLE cast_claims DROP COLUMN test`);
  }
}
