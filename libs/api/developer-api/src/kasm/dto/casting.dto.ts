import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { KasmCastConfig } from '@caster/contracts';
import { KASM_ID, KASM_TIME, KasmCredentialsDto } from './common.dto';

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Kasm sends allowed_referrers as a list or as one comma/space separated string. */
const referrerList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** remote_app_configs may arrive as an object or as its JSON text. */
const jsonObject = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

const bool = (description?: string) =>
  ApiPropertyOptional({ type: Boolean, ...(description ? { description } : {}) });

/** A casting config's fields in Kasm's names; each optional (create requires name and image). */
export class KasmCastConfigInputDto {
  @ApiPropertyOptional({ ...KASM_ID, description: 'Which config (update_cast_config, delete_cast_config)' })
  @IsOptional()
  @IsString()
  cast_config_id?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'Required by create_cast_config' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  casting_config_name?: string;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'URL key; generated when omitted' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'key may contain only letters, digits, _ and - (1–64)' })
  key?: string;

  @ApiPropertyOptional({ ...KASM_ID, description: 'The workspace; required by create_cast_config' })
  @IsOptional()
  @IsString()
  image_id?: string;

  @bool() @IsOptional() @IsBoolean() enabled?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_resume?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_anonymous?: boolean;
  @bool('The CAPTCHA configured in Settings (any provider)')
  @IsOptional()
  @IsBoolean()
  require_recaptcha?: boolean;

  @ApiPropertyOptional({ ...KASM_ID, nullable: true, description: 'Group anonymous users join' })
  @IsOptional()
  @IsString()
  group_id?: string | null;

  @bool() @IsOptional() @IsBoolean() limit_sessions?: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  session_remaining?: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: "Caster's own: the link's most live sessions at once (null = no limit)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  max_concurrent?: number | null;

  @bool() @IsOptional() @IsBoolean() limit_ips?: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ip_request_limit?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31_536_000)
  ip_request_seconds?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'http(s) URL' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'kasm_url must be an http(s) URL' })
  kasm_url?: string | null;
  @bool() @IsOptional() @IsBoolean() dynamic_kasm_url?: boolean;
  @bool() @IsOptional() @IsBoolean() dynamic_docker_network?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'http(s) URL' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl(HTTP_URL, { message: 'error_url must be an http(s) URL' })
  error_url?: string | null;

  @bool() @IsOptional() @IsBoolean() disable_control_panel?: boolean;
  @bool() @IsOptional() @IsBoolean() disable_tips?: boolean;
  @bool() @IsOptional() @IsBoolean() enable_sharing?: boolean;
  @bool() @IsOptional() @IsBoolean() disable_fixed_res?: boolean;

  @ApiPropertyOptional({
    oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
    description: 'Domains, as a list or one comma-separated string; empty = any referrer',
  })
  @IsOptional()
  @Transform(referrerList)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  allowed_referrers?: string[];

  @bool() @IsOptional() @IsBoolean() enforce_client_settings?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_audio?: boolean;
  @bool() @IsOptional() @IsBoolean() kasm_audio_default_on?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_downloads?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_uploads?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_clipboard_down?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_clipboard_up?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_microphone?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_gamepad?: boolean;
  @bool() @IsOptional() @IsBoolean() allow_kasm_sharing?: boolean;
  @bool() @IsOptional() @IsBoolean() kasm_ime_mode_default_on?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Remote App Configuration `{ remote_app_name, args: [...] }` (object or its JSON text)',
  })
  @IsOptional()
  @Transform(jsonObject)
  @IsObject()
  remote_app_configs?: Record<string, unknown> | null;

  @ApiPropertyOptional({ ...KASM_TIME, nullable: true, description: "Kasm's format (UTC) or ISO-8601" })
  @IsOptional()
  @IsString()
  valid_until?: string | null;
}

export class CastConfigBodyDto extends KasmCredentialsDto {
  @ApiProperty({ type: KasmCastConfigInputDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => KasmCastConfigInputDto)
  target_cast_config!: KasmCastConfigInputDto;
}

export class KasmCastConfigDto implements KasmCastConfig {
  @ApiProperty(KASM_ID) cast_config_id!: string;
  @ApiProperty() casting_config_name!: string;
  @ApiProperty({ description: 'URL key: <server>/#/cast/<key>' }) key!: string;
  @ApiProperty(KASM_ID) image_id!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty() allow_resume!: boolean;
  @ApiProperty() allow_anonymous!: boolean;
  @ApiProperty() require_recaptcha!: boolean;
  @ApiProperty({ ...KASM_ID, nullable: true }) group_id!: string | null;
  @ApiProperty() limit_sessions!: boolean;
  @ApiProperty({ type: Number, nullable: true }) session_remaining!: number | null;
  @ApiProperty({ type: Number, nullable: true }) max_concurrent!: number | null;
  @ApiProperty() limit_ips!: boolean;
  @ApiProperty({ type: Number, nullable: true }) ip_request_limit!: number | null;
  @ApiProperty({ type: Number, nullable: true }) ip_request_seconds!: number | null;
  @ApiProperty({ type: String, nullable: true }) kasm_url!: string | null;
  @ApiProperty() dynamic_kasm_url!: boolean;
  @ApiProperty() dynamic_docker_network!: boolean;
  @ApiProperty({ type: String, nullable: true }) error_url!: string | null;
  @ApiProperty() disable_control_panel!: boolean;
  @ApiProperty() disable_tips!: boolean;
  @ApiProperty() enable_sharing!: boolean;
  @ApiProperty() disable_fixed_res!: boolean;
  @ApiProperty({ type: [String] }) allowed_referrers!: string[];
  @ApiProperty() enforce_client_settings!: boolean;
  @ApiProperty() allow_kasm_audio!: boolean;
  @ApiProperty() kasm_audio_default_on!: boolean;
  @ApiProperty() allow_kasm_downloads!: boolean;
  @ApiProperty() allow_kasm_uploads!: boolean;
  @ApiProperty() allow_kasm_clipboard_down!: boolean;
  @ApiProperty() allow_kasm_clipboard_up!: boolean;
  @ApiProperty() allow_kasm_microphone!: boolean;
  @ApiProperty() allow_kasm_gamepad!: boolean;
  @ApiProperty() allow_kasm_sharing!: boolean;
  @ApiProperty() kasm_ime_mode_default_on!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  remote_app_configs!: Record<string, unknown> | null;
  @ApiProperty({ ...KASM_TIME, nullable: true }) valid_until!: string | null;
}

export class KasmCastConfigResponseDto {
  @ApiProperty({ type: KasmCastConfigDto }) cast_config!: KasmCastConfigDto;
}

export class KasmCastConfigsResponseDto {
  @ApiProperty({ type: [KasmCastConfigDto] }) cast_configs!: KasmCastConfigDto[];
}
