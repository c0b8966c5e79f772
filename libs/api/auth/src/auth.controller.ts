import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { CurrentPrincipal, Public, SessionPrincipal, type Principal } from '@caster/api/core';
import { AuthService } from './auth.service';
import { clearAuthCookie, secureCookies, setAuthCookie } from './cookies';
import { LoginDto } from './dto/login.dto';
import { LoginResponseDto, MeDto } from './dto/me.dto';
import { LoginThrottleGuard } from './guards/login-throttle.guard';
import { TokensService } from './tokens.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokensService,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  private secureCookies(req: Request): boolean {
    return secureCookies(req, this.config);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottleGuard)
  @ApiOperation({
    summary: 'Sign in with a username and password; answers a bearer token and sets it as an HttpOnly cookie',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (per IP and per username)' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const { tokenValue, ...answer } = await this.auth.login(body.username, body.password);
    setAuthCookie(res, tokenValue, new Date(answer.expiresAt), this.secureCookies(req));
    return answer;
  }

  @Get('me')
  // Anonymous visitors get an answer too (`anonymous: true`), so the SPA can keep them off the dashboard.
  @SessionPrincipal()
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Who is signed in' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.auth.me(principal.userId);
  }

  @Post('logout')
  @SessionPrincipal()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the token used for this request' })
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.tokens.revoke(principal.tokenId);
    clearAuthCookie(res, this.secureCookies(req));
  }
}
