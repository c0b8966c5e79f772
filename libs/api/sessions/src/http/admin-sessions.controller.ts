import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AdminSessionView, Page, StagingConfigView } from '@caster/contracts';
import { AdminOnly, AppError, ParseIdPipe, pageWindow, AdminResource } from '@caster/api/core';
import {
  AdminSessionViewDto,
  AdminSessionsQueryDto,
  StagingConfigDto,
  StagingConfigViewDto,
} from './session.dto';
import { UsersService } from '@caster/api/users';
import { SessionsService } from '../sessions.service';
import { rdpFile } from '../launch/rdp';
import { SessionsRepository, type Session } from '../state/sessions.repository';
import { StagingService } from '../staging/staging.service';

@AdminResource('admin: sessions')
@Controller('admin/sessions')
export class AdminSessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly repo: SessionsRepository,
    private readonly users: UsersService,
  ) {}

  private async adminView(s: Session, usernames: Map<string, string>): Promise<AdminSessionView> {
    return {
      ...(await this.sessions.view(s)),
      username: s.userId ? (usernames.get(s.userId) ?? '') : '',
      agentId: s.agentId,
      containerId: s.containerId,
      castConfigId: s.castConfigId,
      ...(s.connection ? { connection: s.connection, serverId: s.serverId } : {}),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Sessions, newest first; live ones unless ?state= says otherwise' })
  @ApiOkResponse({ description: '{ items: AdminSessionView[], total }' })
  async list(@Query() query: AdminSessionsQueryDto): Promise<Page<AdminSessionView>> {
    const { skip, take } = pageWindow(query);
    const [rows, total] = await this.repo.listForAdmin({
      state: query.state,
      userIds: query.q ? await this.users.idsMatching(query.q) : undefined,
      order: query.order === 'asc' ? 'asc' : 'desc',
      skip,
      take,
    });
    const names = await this.usernames(rows);
    return { items: await Promise.all(rows.map((r) => this.adminView(r, names))), total };
  }

  @Get(':id')
  @ApiOkResponse({ type: AdminSessionViewDto })
  async get(@Param('id', ParseIdPipe) id: string): Promise<AdminSessionView> {
    const s = await this.sessions.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return this.adminView(s, await this.usernames([s]));
  }

  @Get(':id/rdp')
  @ApiOperation({
    summary:
      'The .rdp file of a server or pool session, to connect with a desktop RDP client (administrators only: it names the server)',
  })
  @ApiProduces('application/x-rdp')
  async rdp(@Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const s = await this.sessions.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    if (!s.connection) throw new AppError('NOT_FOUND', 'This session has no RDP connection');
    res
      .attachment(`session-${id.slice(0, 8)}.rdp`)
      .type('application/x-rdp')
      .send(rdpFile(s.connection));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stops the session and removes its container' })
  async stop(@Param('id', ParseIdPipe) id: string): Promise<void> {
    if (!(await this.sessions.get(id))) throw new AppError('NOT_FOUND', 'Session not found');
    await this.sessions.stop(id, 'stopped by an administrator');
  }

  private usernames(rows: readonly Session[]): Promise<Map<string, string>> {
    return this.users.usernamesOf(rows.map((r) => r.userId).filter((x): x is string => Boolean(x)));
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
