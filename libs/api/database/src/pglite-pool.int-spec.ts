import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source';

/** The embedded driver must isolate transactions exactly like a server would. */
describe('PGlite pool', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource(await buildDataSourceOptions({ databaseUrl: null, dataDir: 'memory://' }));
    await ds.initialize();
    await ds.query('CREATE TABLE probe (id int PRIMARY KEY, note text, flag boolean, at timestamptz)');
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('keeps a rolled-back write rolled back while another transaction commits concurrently', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const failing = ds.transaction(async (em) => {
      await em.query('INSERT INTO probe (id, note) VALUES (1, $1)', ['doomed']);
      await gate; // hold the transaction open while the other one runs
      throw new Error('roll me back');
    });
    const committing = ds.transaction(async (em) => {
      await em.query('INSERT INTO probe (id, note) VALUES (2, $1)', ['kept']);
    });
    // Let the committing transaction queue behind the failing one, then let the failing one end.
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(failing).rejects.toThrow('roll me back');
    await committing;
    const rows = await ds.query<{ id: number; note: string }[]>('SELECT id, note FROM probe ORDER BY id');
    expect(rows).toEqual([{ id: 2, note: 'kept' }]);
  });

  it('round-trips booleans, dates and reports affected rows like pg', async () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    await ds.query('INSERT INTO probe (id, note, flag, at) VALUES ($1, $2, $3, $4)', [3, 'x', true, at]);
    const [row] = await ds.query<{ flag: boolean; at: Date }[]>('SELECT flag, at FROM probe WHERE id = 3');
    expect(row.flag).toBe(true);
    expect(new Date(row.at).toISOString()).toBe(at.toISOString());
    const [, affected] = await ds.query<[unknown[], number]>('UPDATE probe SET flag = $1 WHERE id >= $2', [
      false,
      2,
    ]);
    expect(affected).toBe(2);
    const [count] = await ds.query<{ n: string }[]>('SELECT count(*) AS n FROM probe');
    expect(count.n).toBe('2');
  });

  it('serialises concurrent query runners instead of interleaving them', async () => {
    const order: string[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        ds.transaction(async (em) => {
          order.push(`begin ${i}`);
          await em.query('SELECT pg_sleep(0.01)');
          order.push(`end ${i}`);
        }),
      ),
    );
    expect(order).toEqual(['begin 1', 'end 1', 'begin 2', 'end 2', 'begin 3', 'end 3']);
  });
});
