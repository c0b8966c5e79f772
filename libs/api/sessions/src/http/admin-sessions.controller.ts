import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  AdminSessionDetail,
  AdminSessionView,
  JoinShareResponse,
  Page,
  StagingConfigView,
} from '@caster/contracts';
import {
  AdminOnly,
  AdminResource,
  AppError,
  ById,
  CurrentPrincipal,
  ParseIdPipe,
  pageWindow,
  type Principal,
} from '@caster/api/core';
import { AdminSessionDetailService } from '../admin/admin-session-detail.service';
import { AdminSessionDetailDto } from './admin-session-detail.dto';
import {
  AdminSessionViewDto,
  JoinShareDto,
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
    private readonly detailOf: AdminSessionDetailService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Sessions, newest first; live ones unless ?state= says otherwise' })
  @ApiOkResponse({ description: '{ items: AdminSessionView[], total }' })
  async list(@Query() query: AdminSessionsQueryDto): Promise<Page<AdminSessionView>> {
    const { skip, take } = pageWindow(query);
    const [rows, total] = await this.repo.listForAdmin({
      state: query.state,
      userIds: query.userId ? [query.userId] : query.q ? await this.users.idsMatching(query.q) : undefined,
      order: query.order === 'asc' ? 'asc' : 'desc',
      skip,
      take,
    });
    const names = await this.usernames(rows);
    return { items: await Promise.all(rows.map((r) => this.detailOf.adminView(r, names))), total };
  }

  @Get(':id')
  @ById()
  @ApiOkResponse({ type: AdminSessionViewDto })
  async get(@Param('id', ParseIdPipe) id: string): Promise<AdminSessionView> {
    const s = await this.sessions.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'Session not found');
    return this.detailOf.adminView(s, await this.usernames([s]));
  }

  @Get(':id/detail')
  @ById()
  @ApiOperation({
    summary:
      'The session detail page: link, visitor IP, state history with reasons, grants, share status, whether a thumbnail can be taken',
  })
  @ApiOkResponse({ type: AdminSessionDetailDto })
  detail(@Param('id', ParseIdPipe) id: string): Promise<AdminSessionDetail> {
    return this.detailOf.detail(id);
  }

  @Post(':id/view')
  @HttpCode(200)
  @ById()
  @ApiOperation({
    summary: "Watch anyone's live session view-only: a single-use entry link into its own origin",
    description:
      "The administrator's own view-only grant (the relay drops every key, pointer and clipboard message); the owner's view is unaffected. Audited: logged and kept in the session's history (kind admin-view).",
  })
  @ApiOkResponse({ type: JoinShareDto })
  @ApiConflictResponse({ description: 'CONFLICT: the session is not live' })
  view(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<JoinShareResponse> {
    return this.detailOf.viewAsAdmin(id, { userId: p.userId, username: p.username });
  }

  @Get(':id/thumbnail')
  @ById()
  @ApiOperation({
    summary:
      'A small PNG of a running desktop session, taken through the session (at most one capture per few seconds)',
  })
  @ApiProduces('image/png')
  @ApiConflictResponse({ description: 'CONFLICT: the session is not running, or is not a desktop' })
  @ApiServiceUnavailableResponse({ description: 'SERVICE_UNAVAILABLE: the session gave no picture' })
  async thumbnail(@Param('id', ParseIdPipe) id: string, @Res() res: Response): Promise<void> {
    const thumb = await this.detailOf.thumbnail(id);
    res
      .type('image/png')
      .set('Cache-Control', 'private, no-store')
      // Pixels the API re-encoded itself, never bytes the session chose; still, nothing to run.
      .set('X-Content-Type-Options', 'nosniff')
      .set('Content-Security-Policy', "default-src 'none'")
      .set('X-Thumbnail-Taken-At', thumb.takenAt.toISOString())
      .send(thumb.png);
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
  @ById()
  @ApiOperation({ summary: 'Stops the session and removes its container (kept in its history: admin-stop)' })
  async stop(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.detailOf.stopAsAdmin(id, { userId: p.userId, username: p.username });
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
