import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AdminSessionView, Page, StagingConfigView } from '@caster/contracts';
import {
  AdminOnly,
  AppError,
  ParseIdPipe,
  containsPattern,
  pageWindow,
  AdminResource,
} from '@caster/api/core';
import {
  AdminSessionsQueryDto,
  SessionViewDto,
  StagingConfigDto,
  StagingConfigViewDto,
} from './dto/session.dto';
import { SessionEntity } from './session.entity';
import { SessionsService } from './sessions.service';
import { StagingService } from './staging/staging.service';

@AdminResource('admin: sessions')
@Controller('admin/sessions')
export class AdminSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    @InjectRepository(SessionEntity) private readonly repo: Repository<SessionEntity>,
  ) {}

  private async adminView(s: SessionEntity, usernames: Map<string, string>): Promise<AdminSessionView> {
    return {
      ...(await this.sessions.view(s)),
      username: s.userId ? (usernames.get(s.userId) ?? '') : '',
      agentId: s.agentId,
      containerId: s.containerId,
      castConfigId: s.castConfigId,
    };
  }

  @Get()
  @ApiOperation({ summary: 'Sessions, newest first; live ones unless ?state= says otherwise' })
  @ApiOkResponse({ description: '{ items: AdminSessionView[], total }' })
  async list(@Query() query: AdminSessionsQueryDto): Promise<Page<AdminSessionView>> {
    const { skip, take } = pageWindow(query);
    const qb = this.repo
      .createQueryBuilder('s')
      .orderBy('s.createdAt', query.order === 'asc' ? 'ASC' : 'DESC')
      .skip(skip)
      .take(take);
    if (query.state) qb.where('s.state = :state', { state: query.state });
    else qb.where("s.state IN ('provisioning','starting','running','stopping','staged')");
    if (query.q)
      qb.andWhere('s.user_id IN (SELECT id FROM users WHERE username ILIKE :q)', {
        q: containsPattern(query.q),
      });
    const [rows, total] = await qb.getManyAndCount();
    const names = await this.usernames(rows);
    return { items: await Promise.all(rows.map((r) => this.adminView(r, names))), total };
  }

  @Get(':id')
  @ApiOkResponse({ type: SessionViewDto })
  async get(@Param('id', ParseIdPipe) id: string): Promise<AdminSessionView> {
    const s = await this.sessions.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return this.adminView(s, await this.usernames([s]));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stops the session and removes its container' })
  async stop(@Param('id', ParseIdPipe) id: string): Promise<void> {
    if (!(await this.sessions.get(id))) throw new AppError('NOT_FOUND', 'Session not found');
    await this.sessions.stop(id, 'stopped by an administrator');
  }

  private async usernames(rows: SessionEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((r) => r.userId).filter((x): x is string => Boolean(x)))];
    if (!ids.length) return new Map();
    const users = await this.repo.query<{ id: string; username: string }[]>(
      'SELECT id, username FROM users WHERE id = ANY($1)',
      [ids],
    );
    return new Map(users.map((u) => [u.id, u.username]));
  }
}

@ApiTags('admin: staging')
@AdminOnly()
@Controller('admin/staging')
export class AdminStagingController {
  constructor(private readonly staging: StagingService) {}

  @Get()
  @ApiOkResponse({ type: [StagingConfigViewDto] })
  async list(): Promise<Page<StagingConfigView>> {
    const items = await this.staging.list();
    return { items, total: items.length };
  }

  @Get(':id')
  @ApiOkResponse({ type: StagingConfigViewDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<StagingConfigView> {
    return this.staging.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Keep warm sessions of a container workspace ready' })
  @ApiCreatedResponse({ type: StagingConfigViewDto })
  create(@Body() body: StagingConfigDto): Promise<StagingConfigView> {
    return this.staging.create(body);
  }

  @Put(':id')
  @ApiOkResponse({ type: StagingConfigViewDto })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: StagingConfigDto): Promise<StagingConfigView> {
    return this.staging.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the staging config and stop its warm sessions' })
  remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.staging.remove(id);
  }
}
