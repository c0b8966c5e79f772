import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin overview counts every link's cast requests over a time window; the per-link index
 * (cast_config_id, at) cannot serve that. INCLUDE lets the outcome and link counts be read from the
 * index alone.
 */
export class CastClaimsAtIndex1764810000000 implements MigrationInterface {
  name = 'CastClaimsAtIndex1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cast_claims_at_idx ON cast_claims (at) INCLUDE (outcome, cast_config_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cast_claims_at_idx`);
  }
}
