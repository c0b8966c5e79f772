import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session content moved to an origin of its own (issue 11): a viewer gets in with a short-lived,
 * single-use `enter` grant exchanged there for an `origin` grant (the session origin's cookie; no
 * other kind admits anyone there). `user_id` names who a grant was handed to
 * (the owner, or a signed-in share viewer), so disabling that user can revoke it.
 */
export class SessionEntryGrants1765000000000 implements MigrationInterface {
  name = 'SessionEntryGrants1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_grants DROP CONSTRAINT IF EXISTS session_grants_kind_check`);
    await q.query(`
      ALTER TABLE session_grants
        ADD CONSTRAINT session_grants_kind_check
          CHECK (kind IN ('owner','share','viewer','connect','enter','origin')),
        ADD COLUMN user_id uuid`);
    await q.query(
      `CREATE INDEX session_grants_user_idx ON session_grants (user_id) WHERE user_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX session_grants_parent_idx ON session_grants (parent_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM session_grants WHERE kind IN ('enter', 'origin')`);
    await q.query(`DROP INDEX session_grants_parent_idx`);
    await q.query(`DROP INDEX session_grants_user_idx`);
    await q.query(`
      ALTER TABLE session_grants
        DROP COLUMN user_id,
        DROP CONSTRAINT session_grants_kind_check,
        ADD CONSTRAINT session_grants_kind_check CHECK (kind IN ('owner','share','viewer','connect'))`);
  }
}
