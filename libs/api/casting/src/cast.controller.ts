import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AUTH_COOKIE, type CastInfo, type CastResponse } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { readCookie, secureCookies, setAuthCookie, TokensService } from '@caster/api/auth';
import { Public, type RequestWithPrincipal } from '@caster/api/core';
import { CastRequestDto } from './dto/cast-config.dto';
import { castInputFrom } from './pipeline/cast-context';
import { CastPipeline } from './pipeline/cast-pipeline';

type CastHttpRequest = Request & RequestWithPrincipal;

/**
 * The visitor's casting link. Every policy, the launch and the audit are the pipeline's
 * (pipeline/cast-pipeline.ts); this controller only turns HTTP into its input and its answer back.
 */
@ApiTags('casting (public)')
@Public()
@Controller('cast')
export class CastController {
  constructor(
    private readonly pipeline: CastPipeline,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly tokens: TokensService,
  ) {}

  @Get(':key')
  @ApiOperation({ summary: "What the visitor's page needs before launching; counts against no limit" })
  @ApiParam({ name: 'key', description: 'the URL key of the casting link' })
  @ApiQuery({
    name: 'referrer',
    required: false,
    description: 'document.referrer, checked against Restrict to Referrers',
  })
  @ApiOkResponse({
    description:
      '{ workspaceName, requiresCaptcha, captcha?: { provider, siteKey, scriptUrl }, requiresLogin, errorUrl }',
  })
  info(@Req() req: CastHttpRequest): Promise<CastInfo> {
    return this.pipeline.info(castInputFrom(req));
  }

  @Post(':key')
  @ApiOperation({
    summary:
      'Open a casting link: the policies in order (exists/expiry, referrer, per-IP limit, CAPTCHA, identity, parameters), then resume, staged or new session',
  })
  @ApiParam({ name: 'key' })
  @ApiCreatedResponse({ description: '{ sessionId, resumed, redirect, openUrl?, token? }' })
  // The body is CastRequestDto, validated by the pipeline's body policy (after the origin policy,
  // before every other) rather than by a pipe, so its refusals are recorded like the others.
  @ApiBody({ type: CastRequestDto })
  async cast(@Req() req: CastHttpRequest, @Res({ passthrough: true }) res: Response): Promise<CastResponse> {
    const { outcome, headers } = await this.pipeline.cast(castInputFrom(req));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const { tokenExpiresAt, userId: _userId, ...answer } = outcome;
    // Never swap a live sign-in for an anonymous one (a request that carried it without the CSRF
    // header was cast anonymously): the visitor still gets the token in the body.
    if (answer.token && tokenExpiresAt && !(await this.carriesLiveSignIn(req))) {
      setAuthCookie(res, answer.token, tokenExpiresAt, secureCookies(req, this.config));
    }
    return answer;
  }

  private async carriesLiveSignIn(req: CastHttpRequest): Promise<boolean> {
    if (req.principal) return !req.principal.anonymous;
    const cookie = readCookie(req, AUTH_COOKIE);
    if (!cookie) return false;
    const principal = await this.tokens.resolve(cookie, 'cookie');
    return principal !== null && !principal.anonymous;
  }
}
