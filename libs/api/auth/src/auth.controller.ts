import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PASSWORD_MIN_LENGTH } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { CurrentPrincipal, Public, SessionPrincipal, SignedIn, type Principal } from '@caster/api/core';
import { AuthService } from './auth.service';
import { clearAuthCookie, secureCookies, setAuthCookie } from './cookies';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
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

  @Post('password')
  @SignedIn()
  @HttpCode(204)
  // Counted like sign-in attempts from this address, so a stolen cookie cannot guess the current password.
  @UseGuards(LoginThrottleGuard)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({
    summary:
      "Change the signed-in user's own password (the current one required); every other sign-in of the account is revoked, this one stays",
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiBadRequestResponse({
    description: `VALIDATION_FAILED: newPassword shorter than ${PASSWORD_MIN_LENGTH} characters, or equal to the current one`,
  })
  @ApiForbiddenResponse({ description: 'CURRENT_PASSWORD_INCORRECT; FORBIDDEN for an anonymous visitor' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED (counted with sign-in attempts)' })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(principal, body.currentPassword, body.newPassword);
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
