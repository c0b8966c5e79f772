import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AUTH_COOKIE, type CastInfo, type CastResponse } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { readCookie, secureCookies, setAuthCookie, TokensService } from '@caster/api/auth';
import { MetricsPort, Public } from '@caster/api/core';
import { SettingsService } from '@caster/api/settings';
import { WorkspacesService } from '@caster/api/workspaces';
import { CastErrorFilter } from './cast-error.filter';
import { CastLaunchService } from './cast-launch.service';
import { castContext, type CastHttpRequest } from './cast-request';
import { CastRequestDto } from './dto/cast-config.dto';
import { CaptchaGuard } from './guards/captcha.guard';
import { CastConfigGuard } from './guards/cast-config.guard';
import { CastIdentityGuard } from './guards/cast-identity.guard';
import { CastOriginGuard } from './guards/cast-origin.guard';
import { CastParamsGuard } from './guards/cast-params.guard';
import { CastRateLimitGuard } from './guards/cast-rate-limit.guard';
import { ReferrerGuard } from './guards/referrer.guard';

@ApiTags('casting (public)')
@Public()
@UseFilters(CastErrorFilter)
@Controller('cast')
export class CastController {
  constructor(
    private readonly launch: CastLaunchService,
    private readonly settings: SettingsService,
    private readonly workspaces: WorkspacesService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly metrics: MetricsPort,
    private readonly tokens: TokensService,
  ) {}

  @Get(':key')
  @UseGuards(CastConfigGuard, ReferrerGuard)
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
  async info(@Req() req: CastHttpRequest): Promise<CastInfo> {
    const { config } = castContext(req);
    const workspace = await this.workspaces.find(config.workspaceId);
    const requiresCaptcha = config.allowAnonymous && config.requireCaptcha;
    const captcha = requiresCaptcha ? await this.settings.captcha() : null;
    const signedIn = Boolean(req.principal && !req.principal.anonymous);
    this.metrics.castChecked(config.key, 'ok');
    return {
      workspaceName: workspace?.name ?? '',
      requiresCaptcha: requiresCaptcha && !signedIn,
      ...(captcha && !signedIn
        ? { captcha: { provider: captcha.provider, siteKey: captcha.siteKey, scriptUrl: captcha.scriptUrl } }
        : {}),
      requiresLogin: !config.allowAnonymous && !signedIn,
      errorUrl: config.errorUrl,
    };
  }

  @Post(':key')
  // One guard per policy, cheapest first, so a flood is refused before anything costly happens.
  @UseGuards(
    CastOriginGuard,
    CastConfigGuard,
    ReferrerGuard,
    CastRateLimitGuard,
    CaptchaGuard,
    CastIdentityGuard,
    CastParamsGuard,
  )
  @ApiOperation({
    summary:
      'Open a casting link: the policies in order (exists/expiry, referrer, per-IP limit, CAPTCHA, identity, parameters), then resume, staged or new session',
  })
  @ApiParam({ name: 'key' })
  @ApiCreatedResponse({ description: '{ sessionId, resumed, redirect, openUrl?, token? }' })
  async cast(
    @Req() req: CastHttpRequest,
    @Body() _body: CastRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CastResponse> {
    const { tokenExpiresAt, ...answer } = await this.launch.cast(req);
    this.metrics.castAnswered(castContext(req).config.key, answer.resumed ? 'resumed' : 'ok');
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
