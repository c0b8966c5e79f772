import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { WorkspaceEntity } from './workspace.entity';
import { toRecord, type WorkspaceRecord } from './workspace-record';

/** The module's SQL: workspaces with their pool members, the server password included. */
@Injectable()
export class WorkspacesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** A query over workspaces (alias `w`) that also selects the write-only password. */
  query(em: EntityManager = this.dataSource.manager): SelectQueryBuilder<WorkspaceEntity> {
    return em.getRepository(WorkspaceEntity).createQueryBuilder('w').addSelect('w.serverPassword');
  }

  async records(em: EntityManager, entities: WorkspaceEntity[]): Promise<WorkspaceRecord[]> {
    const pools = entities.filter((e) => e.type === 'pool').map((e) => e.id);
    const members = pools.length
      ? await em.query<{ pool_id: string; server_id: string }[]>(
          'SELECT pool_id, server_id FROM workspace_pool_members WHERE pool_id = ANY($1::uuid[]) ORDER BY server_id',
          [pools],
        )
      : [];
    return entities.map((e) =>
      toRecord(
        e,
        members.filter((m) => m.pool_id === e.id).map((m) => m.server_id),
      ),
    );
  }

  async find(
    id: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<WorkspaceRecord | null> {
    const qb = this.query(em).where('w.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const entity = await qb.getOne();
    return entity ? (await this.records(em, [entity]))[0] : null;
  }

  async replacePoolMembers(em: EntityManager, poolId: string, serverIds: readonly string[]): Promise<void> {
    await em.query('DELETE FROM workspace_pool_members WHERE pool_id = $1', [poolId]);
    if (serverIds.length > 0) {
      await em.query(
        'INSERT INTO workspace_pool_members (pool_id, server_id) SELECT $1::uuid, unnest($2::uuid[])',
        [poolId, serverIds],
      );
    }
  }

  /** Pools that list this server. */
  async poolsContaining(em: EntityManager, serverId: string): Promise<string[]> {
    const rows = await em.query<{ pool_id: string }[]>(
      'SELECT pool_id FROM workspace_pool_members WHERE server_id = $1',
      [serverId],
    );
    return rows.map((r) => r.pool_id);
  }

  async typesOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await em.query<{ id: string; type: string }[]>(
      'SELECT id, type FROM workspaces WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.type]));
  }
}
