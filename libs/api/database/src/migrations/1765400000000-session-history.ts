import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What happened to a session, in order: each state change with its reason (written by
 * SessionsRepository's own state changes, so none is missed), and each administrator's look at or
 * stop of it (`actor_id`). The session detail page reads it; it goes when the session row goes.
 */
export class SessionHistory1765400000000 implements MigrationInterface {
  name = 'SessionHistory1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_history (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind varchar(16) NOT NULL,
        from_state varchar(16),
        to_state varchar(16),
        reason varchar(1000),
        actor_id uuid
      )`);
    await q.query(`CREATE INDEX session_history_session_idx ON session_history (session_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_history`);
  }
}
