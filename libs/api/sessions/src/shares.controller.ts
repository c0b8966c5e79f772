import { Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { JoinShareResponse } from '@caster/contracts';
import { secureCookies } from '@caster/api/auth';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, Public } from '@caster/api/core';
import { SESSION_COOKIE, SessionAccessService, sessionCookiePath } from './session-access.service';
import { SessionsService } from './sessions.service';

@ApiTags('sessions')
@Controller('shares')
export class SharesController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly access: SessionAccessService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  @Post(':shareId/join')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a shared session view-only: sets a viewer cookie scoped to /session/<id>/' })
  @ApiOkResponse({ description: '{ sessionId, viewOnly: true, viewerUrl, flags }' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: unknown, revoked or ended share' })
  async join(
    @Param('shareId') shareId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JoinShareResponse> {
    const found = await this.sessions.findShare(shareId);
    if (!found) throw new AppError('NOT_FOUND', 'This share link is not active');
    const { token } = await this.access.issueGrant(found.session.id, 'viewer', {
      viewOnly: true,
      parentId: found.grant.id,
      ttlHours: 12,
    });
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies(req, this.config),
      path: sessionCookiePath(found.session.id),
    });
    return {
      sessionId: found.session.id,
      viewOnly: true,
      viewerUrl: `/session/${found.session.id}/`,
      flags: found.session.flags,
    };
  }
}
