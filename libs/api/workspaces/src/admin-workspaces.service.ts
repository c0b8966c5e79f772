import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CreateWorkspaceRequest,
  Page,
  UpdateWorkspaceRequest,
  Workspace,
  WorkspaceListQuery,
} from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { containsPattern, invalidFields, notFound, pageWindow } from '@caster/api/core';
import { isUniqueViolation } from '@caster/api/database';
import { GroupsService } from '@caster/api/groups';
import { WorkspaceEntity } from './workspace.entity';
import { applyWorkspaceInput, type WorkspaceDraft } from './workspace-input';
import { toColumns, toWorkspace, type WorkspaceRecord } from './workspace-record';
import { WorkspacesRepository } from './workspaces.repository';
import { workspaceNameTaken } from './workspaces.errors';

const NAME_INDEX = 'workspaces_name_lower_key';
const SORT_COLUMNS = { name: 'lower(w.name)', type: 'w.type', createdAt: 'w.created_at' } as const;

/** The administrators' use cases on workspaces. Every change is one transaction. */
@Injectable()
export class AdminWorkspacesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: WorkspacesRepository,
    private readonly groups: GroupsService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  async list(query: WorkspaceListQuery): Promise<Page<Workspace>> {
    const { skip, take } = pageWindow(query);
    const em = this.dataSource.manager;
    const qb = this.repository.query(em);
    if (query.q) qb.andWhere('w.name ILIKE :q', { q: containsPattern(query.q) });
    if (query.type) qb.andWhere('w.type = :type', { type: query.type });
    qb.orderBy(SORT_COLUMNS[query.sort ?? 'name'], query.order === 'desc' ? 'DESC' : 'ASC');
    if (query.sort && query.sort !== 'name') qb.addOrderBy('lower(w.name)', 'ASC');
    qb.addOrderBy('w.id', 'ASC');
    const [entities, total] = await qb.offset(skip).limit(take).getManyAndCount();
    return { items: await this.describe(em, await this.repository.records(em, entities)), total };
  }

  async get(id: string): Promise<Workspace> {
    const record = await this.repository.find(id);
    if (!record) throw notFound('Workspace');
    return (await this.describe(this.dataSource.manager, [record]))[0];
  }

  /** `groupIds` omitted → launchable by "All Users". */
  create(input: CreateWorkspaceRequest): Promise<Workspace> {
    return this.saving(input.name, async (em) => {
      const draft = await this.validated(em, null, null, input);
      const repo = em.getRepository(WorkspaceEntity);
      const saved = await repo.save(repo.create(toColumns(draft)));
      if (draft.type === 'pool')
        await this.repository.replacePoolMembers(em, saved.id, draft.poolServerIds ?? []);
      const groupIds = input.groupIds ?? [await this.groups.systemGroupId(em)];
      await this.groups.replaceWorkspaceGroups(em, saved.id, groupIds);
      return this.describeOne(em, saved.id);
    });
  }

  /** Partial update; see applyWorkspaceInput for type changes and the write-only password. */
  update(id: string, input: UpdateWorkspaceRequest): Promise<Workspace> {
    return this.saving(input.name ?? '', async (em) => {
      const current = await this.repository.find(id, em, true);
      if (!current) throw notFound('Workspace');
      const draft = await this.validated(em, id, current, input);
      const repo = em.getRepository(WorkspaceEntity);
      await repo.save(repo.create({ id, ...toColumns(draft) }));
      if (draft.type === 'pool') await this.repository.replacePoolMembers(em, id, draft.poolServerIds ?? []);
      else if (current.type === 'pool') await this.repository.replacePoolMembers(em, id, []);
      if (input.groupIds !== undefined) await this.groups.replaceWorkspaceGroups(em, id, input.groupIds);
      return this.describeOne(em, id);
    });
  }

  /** Deletes a workspace; its group grants and pool memberships go with it. */
  async delete(id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const result = await em.getRepository(WorkspaceEntity).delete({ id });
      if (!result.affected) throw notFound('Workspace');
    });
  }

  /** Applies the body and checks everything, the database-dependent rules included. */
  private async validated(
    em: EntityManager,
    id: string | null,
    current: WorkspaceDraft | null,
    input: UpdateWorkspaceRequest,
  ): Promise<WorkspaceDraft> {
    const { draft, problems } = applyWorkspaceInput(
      current,
      input,
      this.config.docker.volumeRoots,
      this.config.docker.provider,
    );
    if (input.name !== undefined && input.name !== current?.name) {
      const qb = em
        .getRepository(WorkspaceEntity)
        .createQueryBuilder('w')
        .where('lower(w.name) = lower(:name)', { name: input.name });
      if (id) qb.andWhere('w.id <> :id', { id });
      if (await qb.getExists()) throw workspaceNameTaken(input.name);
    }
    if (draft.type === 'pool' && draft.poolServerIds?.length) {
      const types = await this.repository.typesOf(em, draft.poolServerIds);
      const unknown = draft.poolServerIds.filter((s) => !types.has(s));
      const notServers = draft.poolServerIds.filter((s) => types.has(s) && types.get(s) !== 'server');
      if (unknown.length) problems['poolServerIds'] = `unknown workspace id(s): ${unknown.join(', ')}`;
      else if (notServers.length)
        problems['poolServerIds'] = `not server workspaces: ${notServers.join(', ')}`;
    }
    if (id && current?.type === 'server' && draft.type !== 'server') {
      const pools = await this.repository.poolsContaining(em, id);
      if (pools.length)
        problems['type'] = `this server belongs to ${pools.length} pool(s); remove it from them first`;
    }
    if (Object.keys(problems).length > 0) throw invalidFields(problems);
    return draft;
  }

  private async saving<T>(name: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (e) {
      if (isUniqueViolation(e, NAME_INDEX)) throw workspaceNameTaken(name);
      throw e;
    }
  }

  private async describeOne(em: EntityManager, id: string): Promise<Workspace> {
    const record = await this.repository.find(id, em);
    if (!record) throw notFound('Workspace');
    return (await this.describe(em, [record]))[0];
  }

  private async describe(em: EntityManager, records: WorkspaceRecord[]): Promise<Workspace[]> {
    const groupIds = await this.groups.groupIdsOfWorkspaces(
      records.map((r) => r.id),
      em,
    );
    return records.map((r) => toWorkspace(r, groupIds.get(r.id) ?? []));
  }
}
