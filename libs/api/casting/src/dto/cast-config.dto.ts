import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ArrayMaxSize,
  IsUrl,
} from 'class-validator';
import {
  CAST_HEALTH_REASONS,
  type CastClaim,
  type CastClaimStage,
  type CastConfig,
  type CastTestVisit,
  type CastHealth,
  type CastHealthReason,
  type CastRequest,
  type RemoteAppConfig,
} from '@caster/contracts';
import { MultiLine, PageQueryDto } from '@caster/api/core';
import { ClientSettingsDto } from '@caster/api/sessions';

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Body of POST /api/admin/casting (PUT takes the same fields, each optional). */
export class CastConfigDto {
  @ApiProperty({ description: 'Unique name, for administrators only', maxLength: 128 })
  @IsString()
  @Length(1, 128)
  name!: string;

  @ApiPropertyOptional({
    description: 'URL key: https://host/#/cast/<key>. Generated when omitted.',
    pattern: '^[A-Za-z0-9_-]{1,64}$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'key may contain only letters, digits, _ and - (1–64)' })
  key?: string;

  @ApiProperty({ format: 'uuid', description: 'The workspace sessions are created from' })
  @IsUUID()
  workspaceId!: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({
    default: false,
    description: 'Signed-in users with a running session of this link get it back',
  })
  @IsOptional()
  @IsBoolean()
  allowResume?: boolean;
  @ApiPropertyOptional({
    default: false,
    description: 'No sign-in: each request gets a new anonymous account',
  })
  @IsOptional()
  @IsBoolean()
  allowAnonymous?: boolean;
  @ApiPropertyOptional({
    default: false,
    description: 'Anonymous requests must pass the CAPTCHA configured in Settings',
  })
  @IsOptional()
  @IsBoolean()
  requireCaptcha?: boolean;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Group anonymous accounts join besides All Users',
  })
  @IsOptional()
  @IsUUID()
  anonymousGroupId?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() limitSessions?: boolean;
  @ApiPropertyOptional({ minimum: 0, nullable: true, description: 'Sessions this link may still serve' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  sessionsRemaining?: number | null;
  @ApiPropertyOptional({
    minimum: 1,
    nullable: true,
    description:
      'At most this many live sessions from this link at once (null = no limit); over it the cast answers 503 LINK_AT_CAPACITY',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxConcurrent?: number | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() limitIps?: boolean;
  @ApiPropertyOptional({ minimum: 1, nullable: true, description: 'Requests allowed per client IP …' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ipRequestLimit?: number | null;
  @ApiPropertyOptional({ minimum: 1, nullable: true, description: '… within this many seconds' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31_536_000)
  ipRequestSeconds?: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'KASM_URL of the sessions (http or https)' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'kasmUrl must be an http(s) URL' })
  kasmUrl?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() dynamicKasmUrl?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() dynamicDockerNetwork?: boolean;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Where visitors are sent on an error (?code=<CODE> is appended)',
  })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'errorUrl must be an http(s) URL' })
  errorUrl?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() disableControlPanel?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() disableTips?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() enableSharing?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() disableFixedResolution?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Domains (one per entry); empty = any referrer' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowedReferrers?: string[];
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() enforceClientSettings?: boolean;
  @ApiPropertyOptional({ type: ClientSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientSettingsDto)
  clientSettings?: ClientSettingsDto;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Remote App Configuration (snake_case JSON as documented)',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  remoteAppConfig?: RemoteAppConfig | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string | null;
}

export class UpdateCastConfigDto extends PartialType(CastConfigDto) {}

export class CastHealthDto implements CastHealth {
  @ApiProperty({ enum: ['ok', 'refusing'] }) status!: 'ok' | 'refusing';
  @ApiProperty({
    enum: CAST_HEALTH_REASONS,
    isArray: true,
    description:
      'LINK_DISABLED (turned off), EXPIRED (Valid Until passed), EXHAUSTED (Sessions Remaining is 0), CAPTCHA_NOT_CONFIGURED (CAPTCHA required, no CAPTCHA keys in the server settings), WORKSPACE_DISABLED (disabled or deleted), IMAGE_MISSING (the image is on no engine), NO_CAPACITY (no engine has a free slot), LINK_AT_CAPACITY (Max Concurrent reached)',
  })
  reasons!: CastHealthReason[];
}

export class CastConfigViewDto extends CastConfigDto implements CastConfig {
  @ApiProperty({ format: 'uuid' }) id!: string;
  declare key: string;
  declare enabled: boolean;
  declare allowResume: boolean;
  declare allowAnonymous: boolean;
  declare requireCaptcha: boolean;
  declare anonymousGroupId: string | null;
  declare limitSessions: boolean;
  declare sessionsRemaining: number | null;
  declare maxConcurrent: number | null;
  declare limitIps: boolean;
  declare ipRequestLimit: number | null;
  declare ipRequestSeconds: number | null;
  declare kasmUrl: string | null;
  declare dynamicKasmUrl: boolean;
  declare dynamicDockerNetwork: boolean;
  declare errorUrl: string | null;
  declare disableControlPanel: boolean;
  declare disableTips: boolean;
  declare enableSharing: boolean;
  declare disableFixedResolution: boolean;
  declare allowedReferrers: string[];
  declare enforceClientSettings: boolean;
  declare clientSettings: ClientSettingsDto;
  declare remoteAppConfig: RemoteAppConfig | null;
  declare validUntil: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({
    type: CastHealthDto,
    description:
      'Computed when read, never saved: `ok`, or `refusing` with every reason the link refuses all visitors now',
  })
  health?: CastHealthDto;
}

export class CastingListQueryDto extends PageQueryDto {}

export class CastClaimDto implements CastClaim {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() ip!: string;
  @ApiProperty({ description: 'an error code, or "ok"' }) outcome!: string;
  @ApiProperty({ nullable: true }) userId!: string | null;
  @ApiProperty({ nullable: true }) sessionId!: string | null;
  @ApiProperty({
    enum: ['cast', 'check'],
    description: '`cast`: POST /api/cast/:key; `check`: a refused GET /api/cast/:key (the page’s first look)',
  })
  stage!: CastClaimStage;
  @ApiProperty({ description: 'Made through "Open as a visitor" by an administrator' }) test!: boolean;
}

export class CastTestVisitDto implements CastTestVisit {
  @ApiProperty({ description: 'Add to the link as `?caster_test=<token>`' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** Body of POST /api/cast/:key. Values are checked in the parameter policy, with coded errors. */
export class CastRequestDto implements CastRequest {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "The cast link's URL query",
  })
  @IsOptional()
  @IsObject()
  // Each value is judged by the params policy, which names the parameter (PARAMETER_INVALID):
  // a line break in a remote-app argument is refused there, an unused parameter is ignored.
  @MultiLine()
  params?: Record<string, string>;

  @ApiPropertyOptional({ description: 'document.referrer of the visitor' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  referrer?: string;

  @ApiPropertyOptional({ description: 'The CAPTCHA widget response token' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  captchaToken?: string;

  @ApiPropertyOptional({
    description:
      'The `caster_test` value of a link opened with "Open as a visitor": a live token of this link marks the claim as a test; it changes nothing else',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  testToken?: string;
}
