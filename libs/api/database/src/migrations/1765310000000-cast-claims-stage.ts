import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim now says at which step the link answered: `cast` (POST /api/cast/:key, the launch) or
 * `check` (GET /api/cast/:key, the visitor page's first look, where an expired link or a refused
 * referrer stops a visitor before any launch). Existing claims were all casts.
 */
export class CastClaimsStage1765310000000 implements MigrationInterface {
  name = 'CastClaimsStage1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cast_claims ADD COLUMN stage varchar(8) NOT NULL DEFAULT 'cast'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cast_claims DROP COLUMN stage`);
  }
}
