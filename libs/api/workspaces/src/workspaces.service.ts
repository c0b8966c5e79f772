import { Injectable } from '@nestjs/common';
import type { WorkspaceSummary } from '@caster/contracts';
import { notFound } from '@caster/api/core';
import { GroupsService } from '@caster/api/groups';
import type { WorkspaceRecord } from './workspace-record';
import { WorkspacesRepository } from './workspaces.repository';

/** What other modules (sessions, casting) ask about workspaces. */
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly repository: WorkspacesRepository,
    private readonly groups: GroupsService,
  ) {}

  find(id: string): Promise<WorkspaceRecord | null> {
    return this.repository.find(id);
  }

  /** The workspace, server password included; NOT_FOUND when it does not exist. */
  async get(id: string): Promise<WorkspaceRecord> {
    const record = await this.repository.find(id);
    if (!record) throw notFound('Workspace');
    return record;
  }

  /** Every workspace, by name (the Developer API's get_images). */
  async listAll(): Promise<WorkspaceRecord[]> {
    const em = this.repository.manager;
    const entities = await this.repository.query(em).orderBy('lower(w.name)').addOrderBy('w.id').getMany();
    return this.repository.records(em, entities);
  }

  /** The server workspaces of a pool. */
  async poolServers(poolId: string): Promise<WorkspaceRecord[]> {
    const pool = await this.get(poolId);
    if (!pool.poolServerIds?.length) return [];
    const em = this.repository.manager;
    const entities = await this.repository
      .query(em)
      .where('w.id IN (:...ids)', { ids: pool.poolServerIds })
      .orderBy('w.id')
      .getMany();
    return this.repository.records(em, entities);
  }

  /** Enabled workspaces the user's groups (All Users included) may launch from the dashboard, by name. */
  async listLaunchableFor(userId: string): Promise<WorkspaceSummary[]> {
    const ids = await this.groups.launchableWorkspaceIds(userId);
    if (ids.length === 0) return [];
    const rows = await this.repository
      .query()
      .select(['w.id', 'w.name', 'w.description', 'w.type'])
      .where('w.id IN (:...ids)', { ids })
      .andWhere('w.enabled = true')
      .orderBy('lower(w.name)')
      .addOrderBy('w.id')
      .getMany();
    return rows.map(({ id, name, description, type }) => ({ id, name, description, type }));
  }

  /** Whether the user may launch it from the dashboard (casting links grant their workspace regardless). */
  async mayLaunch(userId: string, workspaceId: string): Promise<boolean> {
    const workspace = await this.repository.find(workspaceId);
    return !!workspace?.enabled && (await this.groups.mayLaunch(userId, workspaceId));
  }
}
