import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CAPTCHA_PROVIDERS,
  type CaptchaProvider,
  type ServerSettings,
  type SessionDefaults,
  type UpdateServerSettingsRequest,
} from '@caster/contracts';
import { OptionalNotNull } from '@caster/api/core';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class SessionDefaultsDto implements SessionDefaults {
  @ApiProperty({
    minimum: 10,
    maximum: 3600,
    description: 'How long provisioning may take before a session fails',
  })
  launchTimeoutSeconds!: number;

  @ApiProperty({ minimum: 0, maximum: 8760, description: 'How long stopped and failed sessions stay listed' })
  stoppedSessionRetentionHours!: number;
}

export class ServerSettingsDto implements ServerSettings {
  @ApiProperty({ enum: CAPTCHA_PROVIDERS, nullable: true, type: String })
  captchaProvider!: CaptchaProvider | null;

  @ApiProperty({ type: String, nullable: true })
  captchaSiteKey!: string | null;

  @ApiProperty({ description: 'Whether a CAPTCHA secret key is stored (the key itself is never answered)' })
  captchaSecretKeySet!: boolean;

  @ApiProperty({ type: String, nullable: true, description: "null = the provider's official siteverify URL" })
  captchaVerifyUrl!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "null = the provider's official widget script" })
  captchaScriptUrl!: string | null;

  @ApiProperty({ type: [String], example: ['10.0.0.0/8', '127.0.0.1/32'] })
  trustedProxies!: string[];

  @ApiProperty({ minimum: 1, maximum: 8760 })
  anonymousUserExpirationHours!: number;

  @ApiProperty({ type: SessionDefaultsDto })
  sessionDefaults!: SessionDefaultsDto;
}

export class UpdateSessionDefaultsDto implements Partial<SessionDefaults> {
  @ApiPropertyOptional({ minimum: 10, maximum: 3600 })
  @OptionalNotNull()
  @IsInt()
  @Min(10)
  @Max(3600)
  launchTimeoutSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 8760 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(8760)
  stoppedSessionRetentionHours?: number;
}

/** Only the fields sent change. */
export class UpdateServerSettingsDto implements UpdateServerSettingsRequest {
  @ApiPropertyOptional({
    enum: CAPTCHA_PROVIDERS,
    nullable: true,
    type: String,
    description: 'null turns CAPTCHA off',
  })
  @IsOptional()
  @IsIn(CAPTCHA_PROVIDERS)
  captchaProvider?: CaptchaProvider | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 512 })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  captchaSiteKey?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 512,
    writeOnly: true,
    description: 'Write-only: a string sets it, null clears it, absent keeps it',
  })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  captchaSecretKey?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS)
  captchaVerifyUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_OPTIONS)
  captchaScriptUrl?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 100, description: 'IP addresses or CIDR ranges' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  trustedProxies?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 8760 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(8760)
  anonymousUserExpirationHours?: number;

  @ApiPropertyOptional({ type: UpdateSessionDefaultsDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateSessionDefaultsDto)
  sessionDefaults?: UpdateSessionDefaultsDto;
}
