import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server settings as key → JSON value. A missing key means "the documented default", except
 * trusted_proxies, whose absence marks the first start (it is then seeded from TRUSTED_PROXIES).
 */
export class ServerSettings1764400001000 implements MigrationInterface {
  name = 'ServerSettings1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE server_settings (
        key varchar(64) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE server_settings`);
  }
}
