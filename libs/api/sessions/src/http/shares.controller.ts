import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JoinShareResponse } from '@caster/contracts';
import { AppError, Public } from '@caster/api/core';
import { JoinShareDto } from './session.dto';
import { SessionAccessService } from '../access/session-access.service';
import { SessionsService } from '../sessions.service';

@ApiTags('sessions')
@Controller('shares')
export class SharesController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly access: SessionAccessService,
  ) {}

  @Post(':shareId/join')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: "Join a shared session view-only: a single-use entry link into the session's own origin",
    description:
      'Sets no cookie here. `enterUrl` works once within a minute; the session origin trades it for a view-only cookie that dies with the share.',
  })
  @ApiOkResponse({ type: JoinShareDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: unknown, revoked or ended share' })
  async join(@Param('shareId') shareId: string): Promise<JoinShareResponse> {
    const found = await this.sessions.findShare(shareId);
    if (!found) throw new AppError('NOT_FOUND', 'This share link is not active');
    const entry = await this.access.issueEntry(found.session.id, {
      viewOnly: true,
      parentId: found.grant.id,
    });
    return {
      sessionId: found.session.id,
      viewOnly: true,
      viewerUrl: `${entry.origin}/`,
      ...entry,
      flags: found.session.flags,
    };
  }
}
