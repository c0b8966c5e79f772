import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  Sse,
  UploadedFile,
  UseInterceptors,
  type MessageEvent,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Observable } from 'rxjs';
import type { SessionEntryResponse, SessionEvent, SessionView, ShareView } from '@caster/contracts';
import {
  AppError,
  CurrentPrincipal,
  ParseIdPipe,
  SessionPrincipal,
  SignedIn,
  type Principal,
} from '@caster/api/core';
import {
  KeepaliveResponseDto,
  LaunchSessionDto,
  SessionEntryDto,
  SessionViewDto,
  ShareViewDto,
} from './session.dto';
import { MAX_FILE_BYTES, SessionFilesService } from '../files/session-files.service';
import { UserSettingsLookup } from '../ports';
import { SessionAccessService } from '../access/session-access.service';
import { SessionEvents } from '../state/session-events';
import { SessionLaunchService } from '../launch/session-launch.service';
import { SessionsService } from '../sessions.service';

const FINAL = new Set(['stopped', 'failed']);

@ApiTags('sessions')
@ApiBearerAuth()
@ApiCookieAuth()
// Signed-in users only, unless a handler says @SessionPrincipal(): a cast's anonymous visitor reaches
// its own session's routes and nothing else (no listing, no launching).
@SignedIn()
@Controller('sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly launcher: SessionLaunchService,
    private readonly events: SessionEvents,
    private readonly files: SessionFilesService,
    private readonly access: SessionAccessService,
    private readonly settings: UserSettingsLookup,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's live sessions" })
  @ApiOkResponse({ type: [SessionViewDto] })
  async list(@CurrentPrincipal() p: Principal): Promise<SessionView[]> {
    return Promise.all((await this.sessions.listFor(p.userId)).map((s) => this.sessions.view(s)));
  }

  @Post()
  @ApiOperation({
    summary: 'Launch a workspace the caller may launch (dashboard). Answers at once; follow /events.',
  })
  @ApiCreatedResponse({ type: SessionViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such workspace, or not allowed for the caller' })
  async launch(@CurrentPrincipal() p: Principal, @Body() body: LaunchSessionDto): Promise<SessionView> {
    const { session } = await this.launcher.launch({
      userId: p.userId,
      username: p.username,
      anonymous: p.anonymous,
      workspaceId: body.workspaceId,
      checkGroupPermission: true,
      kasmUrl: body.kasmUrl ?? null,
    });
    return this.sessions.view(session);
  }

  @Get(':id')
  @SessionPrincipal()
  @ApiOperation({ summary: "One of the caller's sessions" })
  @ApiOkResponse({ type: SessionViewDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<SessionView> {
    return this.sessions.view(await this.sessions.ownedBy(p.userId, id));
  }

  @Post(':id/access')
  @SessionPrincipal()
  @HttpCode(200)
  @ApiOperation({
    summary: "A single-use entry link (valid a minute) into the session's own origin",
    description:
      "Sets no cookie here. Open `enterUrl` in the viewer's frame (optionally with `&next=/path?query`): the session origin trades it for a host-only HttpOnly cookie that admits that browser to this session only.",
  })
  @ApiOkResponse({ type: SessionEntryDto })
  @ApiNotFoundResponse({ description: "NOT_FOUND: not one of the caller's sessions" })
  async grantAccess(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<SessionEntryResponse> {
    const session = await this.sessions.ownedBy(p.userId, id);
    return this.access.issueEntry(session.id, { viewOnly: false, userId: p.userId });
  }

  @Sse(':id/events')
  @SessionPrincipal()
  @ApiOperation({ summary: 'Server-sent events: the current state, then one event per state change' })
  @ApiProduces('text/event-stream')
  async stream(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<Observable<MessageEvent>> {
    const session = await this.sessions.ownedBy(p.userId, id);
    return new Observable<MessageEvent>((subscriber) => {
      const send = (event: SessionEvent): void => {
        subscriber.next({ type: 'state', data: event });
        if (FINAL.has(event.state)) subscriber.complete();
      };
      const unsubscribe = this.events.subscribe(id, send);
      // The state now (it may have moved on between the read above and the subscription).
      void this.sessions.get(id).then((current) => {
        const s = current ?? session;
        send({
          sessionId: id,
          state: s.state,
          at: new Date().toISOString(),
          ...(s.failureCode ? { failure: { code: s.failureCode, message: s.failureMessage ?? '' } } : {}),
        });
      });
      return unsubscribe;
    });
  }

  @Post(':id/keepalive')
  @SessionPrincipal()
  @HttpCode(200)
  @ApiOperation({ summary: "Extends the session's keepalive expiry by the group's keepalive_expiration" })
  @ApiOkResponse({ type: KeepaliveResponseDto })
  async keepalive(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<KeepaliveResponseDto> {
    const session = await this.sessions.ownedBy(p.userId, id);
    const { settings } = await this.settings.effectiveSettingsOf(p.userId);
    const updated = await this.sessions.keepalive(session, settings.keepalive_expiration);
    return { expiresAt: (updated.expiresAt ?? new Date()).toISOString() };
  }

  @Delete(':id')
  @SessionPrincipal()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stops the session and removes its container' })
  async stop(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.sessions.ownedBy(p.userId, id);
    await this.sessions.stop(id, 'stopped by its owner');
  }

  @Post(':id/share')
  @SessionPrincipal()
  @ApiOperation({
    summary: 'Starts sharing: a view-only link (#/share/<shareId>); refused unless sharing is allowed',
  })
  @ApiCreatedResponse({ type: ShareViewDto })
  async share(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<ShareView> {
    return this.sessions.share(await this.sessions.ownedBy(p.userId, id));
  }

  @Delete(':id/share')
  @SessionPrincipal()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stops sharing; everyone who joined through the link loses access at once' })
  async unshare(@CurrentPrincipal() p: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.sessions.unshare(await this.sessions.ownedBy(p.userId, id));
  }

  @Post(':id/files')
  @SessionPrincipal()
  @ApiOperation({
    summary: `Upload one file (multipart field "file", at most ${MAX_FILE_BYTES} bytes) into the session's home`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({
    name: 'path',
    required: false,
    description: 'folder inside the home directory (default: the home)',
  })
  // the name arrives as sent (preservePath: a name with a slash is refused, not cut to its end;
  // browsers send it as UTF-8 bytes, not latin1)
  @UseInterceptors(
    FileInterceptor('file', {
      preservePath: true,
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 },
    }),
  )
  async upload(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseIdPipe) id: string,
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @Query('path') path?: string,
  ): Promise<{ path: string; size: number }> {
    const session = await this.sessions.ownedBy(p.userId, id);
    if (!file)
      throw new AppError('VALIDATION_FAILED', 'Send one file in the field "file"', {
        fields: { file: 'required' },
      });
    return this.files.upload(
      session,
      typeof path === 'string' ? path : undefined,
      file.originalname,
      file.buffer,
    );
  }

  @Get(':id/files')
  @SessionPrincipal()
  @ApiOperation({ summary: "Download one file from inside the session's home directory" })
  @ApiQuery({ name: 'path', required: true })
  @ApiProduces('application/octet-stream')
  async download(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Query('path') path: string,
    @Res() res: Response,
  ): Promise<void> {
    const session = await this.sessions.ownedBy(p.userId, id);
    const file = await this.files.download(session, typeof path === 'string' ? path : undefined);
    res.attachment(file.name).type('application/octet-stream').setHeader('Content-Length', String(file.size));
    // headers are out: a file that changes while it streams cuts the connection short
    await pipeline(file.stream, res).catch(() => res.destroy());
  }

  @Get(':id/rdp')
  // Moved: a server or pool session streams in the browser like any other, and the .rdp file (which
  // names the server) is for administrators only (GET /api/admin/sessions/:id/rdp).
  @SessionPrincipal()
  @ApiOperation({
    summary:
      'Moved to GET /api/admin/sessions/{id}/rdp (administrators only); answers 403 RDP_FILE_ADMIN_ONLY',
    deprecated: true,
  })
  rdp(): never {
    throw new AppError(
      'RDP_FILE_ADMIN_ONLY',
      'This session runs in the browser; the .rdp file is available to administrators only',
    );
  }
}
