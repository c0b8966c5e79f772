import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Developer API keys (only a SHA-256 of each secret is kept) and the Kasm profile fields of users
 * (first_name, last_name, …) that the Developer API reads and writes but Caster itself does not use.
 */
export class ApiKeys1764700000000 implements MigrationInterface {
  name = 'ApiKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(128) NOT NULL,
        key varchar(64) NOT NULL,
        secret_hash char(64) NOT NULL,
        permissions jsonb NOT NULL DEFAULT '[]',
        read_only boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        expires_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_key_key ON api_keys (key)`);
    await q.query(`
      CREATE TABLE user_profiles (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        first_name varchar(255),
        last_name varchar(255),
        phone varchar(64),
        organization varchar(255),
        notes varchar(2000),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_profiles`);
    await q.query(`DROP TABLE api_keys`);
  }
}
