import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { KasmClientSettings, KasmErrorBody } from '@caster/contracts';

/** Every Developer API body may carry the credentials (or send them as HTTP Basic instead). */
export class KasmCredentialsDto {
  @ApiPropertyOptional({
    description: 'The API key (or send `Authorization: Basic base64(api_key:api_key_secret)`)',
    example: 'bMjMwTT0JKUQ',
  })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  api_key?: string;

  @ApiPropertyOptional({ description: 'The API key secret', example: 'KUNAvRw4KLHGmldBxhRUD5sAhWkvJVzS…' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  api_key_secret?: string;
}

export class KasmErrorDto implements KasmErrorBody {
  @ApiProperty({ example: 'This API key lacks the permission(s): users_view' }) error_message!: string;
}

/** Calls that answer nothing in particular answer `{}`. */
export class KasmEmptyDto {}

export class KasmClientSettingsDto implements KasmClientSettings {
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
}

export const KASM_ID = {
  type: String,
  example: '50faa5439c574b518cd868dac9256e4b',
  description: '32 hex digits; a dashed UUID is accepted too',
} as const;

export const KASM_TIME = {
  type: String,
  example: '2020-09-08 18:47:04.565000',
  description: "Kasm's format, UTC",
} as const;
