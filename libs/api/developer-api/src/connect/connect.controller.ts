import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CSRF_HEADER,
  type ConnectEntryView,
  type ConnectKeepaliveResponse,
  type ConnectView,
  type SessionEntryResponse,
} from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AccessNote, AppError, notFound, Public } from '@caster/api/core';
import { readCookie, secureCookies } from '@caster/api/auth';
import { SESSION_COOKIE, SessionEntryDto } from '@caster/api/sessions';
import { fromKasmId } from '../kasm/kasm-ids';
import { ConnectService, type ConnectHolder } from './connect.service';
import {
  ConnectEntryViewDto,
  ConnectKeepaliveResponseDto,
  ConnectRequestDto,
  ConnectViewDto,
} from './dto/connect.dto';

/** Path of the cookie that lets the viewer read (and keep alive, stop) its one session here. */
export const connectCookiePath = (sessionId: string): string => `/api/connect/${sessionId}`;

/**
 * The SPA's `#/connect/<kasm_id>?token=…` page talks to these routes. They are @Public() for the
 * global AuthGuard (the visitor has no account); each checks a session grant itself.
 */
@ApiTags('connect')
@Controller('connect')
export class ConnectController {
  constructor(
    private readonly connect: ConnectService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  @Post()
  @Public()
  @AccessNote('session token in the body')
  @HttpCode(200)
  @ApiOperation({
    summary: "Trade a connect token for this page's cookie and an entry link into the session's origin",
    description:
      "Sets the HttpOnly cookie `caster_session` for /api/connect/<sessionId> (the routes below) only; the session's content is on its own origin, entered through `enterUrl` (single use, a minute; a fresh one from POST /api/connect/<sessionId>/enter). A view-only token gives a view-only viewer.",
  })
  @ApiOkResponse({ type: ConnectEntryViewDto })
  @ApiNotFoundResponse({
    description: 'NOT_FOUND: unknown, expired or revoked token, another session, or the session ended',
  })
  async trade(
    @Body() body: ConnectRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConnectEntryView> {
    const { holder, cookieToken } = await this.connect.trade(body.kasm_id, body.token);
    res.cookie(SESSION_COOKIE, cookieToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies(req, this.config),
      path: connectCookiePath(holder.session.id),
    });
    const entry = await this.connect.enter(holder);
    return {
      ...(await this.connect.view(holder)),
      enterUrl: entry.enterUrl,
      origin: entry.origin,
      enterExpiresAt: entry.expiresAt,
    };
  }

  @Post(':sessionId/enter')
  @Public()
  @AccessNote('connect cookie')
  @HttpCode(200)
  @ApiOperation({ summary: "A fresh single-use entry link into the session's own origin (valid a minute)" })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiHeader({ name: CSRF_HEADER, required: true, description: 'Any value (CSRF defence)' })
  @ApiOkResponse({ type: SessionEntryDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: the CSRF header is missing' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no connect cookie for this session, or it ended' })
  async enter(@Param('sessionId') sessionId: string, @Req() req: Request): Promise<SessionEntryResponse> {
    return this.connect.enter(await this.holder(sessionId, req, true));
  }

  @Get(':sessionId')
  @Public()
  @AccessNote('connect cookie')
  @ApiOperation({ summary: 'The session, for the holder of its connect cookie (poll it while it starts)' })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiOkResponse({ type: ConnectViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no connect cookie for this session' })
  async get(@Param('sessionId') sessionId: string, @Req() req: Request): Promise<ConnectView> {
    return this.connect.view(await this.holder(sessionId, req));
  }

  @Post(':sessionId/keepalive')
  @Public()
  @AccessNote('connect cookie, full control')
  @HttpCode(200)
  @ApiOperation({ summary: "Push the session's keepalive expiry back" })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiHeader({ name: CSRF_HEADER, required: true, description: 'Any value (CSRF defence)' })
  @ApiOkResponse({ type: ConnectKeepaliveResponseDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a view-only viewer, or the CSRF header is missing' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no connect cookie for this session' })
  async keepalive(
    @Param('sessionId') sessionId: string,
    @Req() req: Request,
  ): Promise<ConnectKeepaliveResponse> {
    return this.connect.keepalive(await this.holder(sessionId, req, true));
  }

  @Delete(':sessionId')
  @Public()
  @AccessNote('connect cookie, full control')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop the session and remove its container' })
  @ApiParam({ name: 'sessionId', format: 'uuid' })
  @ApiHeader({ name: CSRF_HEADER, required: true, description: 'Any value (CSRF defence)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'FORBIDDEN: a view-only viewer, or the CSRF header is missing' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no connect cookie for this session' })
  async stop(@Param('sessionId') sessionId: string, @Req() req: Request): Promise<void> {
    await this.connect.stop(await this.holder(sessionId, req, true));
  }

  private async holder(rawId: string, req: Request, changes = false): Promise<ConnectHolder> {
    const id = fromKasmId(rawId);
    if (!id) throw notFound('Session');
    // The cookie rides along on cross-site requests; a custom header cannot be added by another site.
    if (changes && req.headers[CSRF_HEADER] === undefined)
      throw new AppError('FORBIDDEN', `Missing ${CSRF_HEADER} header`);
    return this.connect.holder(id, readCookie(req, SESSION_COOKIE));
  }
}
