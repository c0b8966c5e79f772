import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-session secret the proxy presents to the session's own port (`proxy_secret`). Session
 * images that honour `CASTER_PROXY_SECRET` (the desktop image: websockify's BasicHTTPAuth) answer
 * nobody else, so a neighbour that gets past the network rules still finds a locked door.
 * Two random UUIDs without dashes: 244 random bits, from gen_random_uuid() (PostgreSQL 13+, PGlite).
 */
export class SessionProxySecret1765200000000 implements MigrationInterface {
  name = 'SessionProxySecret1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE sessions ADD COLUMN proxy_secret varchar(64) NOT NULL
         DEFAULT (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sessions DROP COLUMN proxy_secret`);
  }
}
