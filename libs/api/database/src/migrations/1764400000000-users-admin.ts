import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The anonymous-user clean-up looks for old anonymous accounts; the admin list sorts by date. */
export class UsersAdmin1764400000000 implements MigrationInterface {
  name = 'UsersAdmin1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX users_anonymous_created_at_idx ON users (created_at) WHERE anonymous`);
    await q.query(`CREATE INDEX users_created_at_idx ON users (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_created_at_idx`);
    await q.query(`DROP INDEX users_anonymous_created_at_idx`);
  }
}
