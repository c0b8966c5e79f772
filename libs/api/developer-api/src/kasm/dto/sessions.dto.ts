import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type {
  KasmOperationalStatus,
  KasmRequestKasmResponse,
  KasmSession,
  KasmStatusResponse,
} from '@caster/contracts';
import { KASM_ID, KASM_TIME, KasmClientSettingsDto, KasmCredentialsDto } from './common.dto';
import { MultiLine } from '@caster/api/core';

const STATUSES: KasmOperationalStatus[] = [
  'requested',
  'provisioning',
  'starting',
  'running',
  'stopping',
  'stopped',
  'failed',
];

export class RequestKasmDto extends KasmCredentialsDto {
  @ApiPropertyOptional({
    ...KASM_ID,
    description: 'The user the session is for. Omitted: a new anonymous user is made (removed later).',
  })
  @IsOptional()
  @IsString()
  user_id?: string;

  @ApiProperty({ ...KASM_ID, description: 'The workspace ("image") to launch' })
  @IsString()
  image_id!: string;

  @ApiPropertyOptional({
    description: 'Start in sharing mode: the answer carries a share_id',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  enable_sharing?: boolean;

  @ApiPropertyOptional({ description: 'URL the session opens (KASM_URL inside it), http or https' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  kasm_url?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Accepted for compatibility and ignored: a session's environment comes from its workspace",
  })
  @IsOptional()
  @IsObject()
  @MultiLine()
  environment?: Record<string, string>;
}

export class RequestKasmResponseDto implements KasmRequestKasmResponse {
  @ApiProperty(KASM_ID) kasm_id!: string;
  @ApiProperty({ enum: STATUSES }) status!: KasmOperationalStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Set when enable_sharing was true' })
  share_id!: string | null;
  @ApiProperty(KASM_ID) user_id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'Admits its holder to this session only (full control)' })
  session_token!: string;
  @ApiProperty({
    example: '/#/connect/50faa5439c574b518cd868dac9256e4b?token=css_…',
    description:
      'Hand this to the end user: it opens the session in the browser. Absolute when PUBLIC_URL is set.',
  })
  kasm_url!: string;
}

/** Calls about one session: kasm_id, and optionally the user it must belong to. */
export class KasmRefDto extends KasmCredentialsDto {
  @ApiProperty(KASM_ID)
  @IsString()
  kasm_id!: string;

  @ApiPropertyOptional({ ...KASM_ID, description: 'When sent, the session must belong to this user' })
  @IsOptional()
  @IsString()
  user_id?: string;
}

export class KasmImageRefDto {
  @ApiProperty(KASM_ID) image_id!: string;
  @ApiProperty() friendly_name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Docker image' }) name!: string | null;
  @ApiProperty({ example: 'Container' }) image_type!: string;
}

export class KasmSessionDto implements KasmSession {
  @ApiProperty(KASM_ID) kasm_id!: string;
  @ApiProperty({ ...KASM_ID, nullable: true }) user_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty(KASM_ID) image_id!: string;
  @ApiProperty({ type: String, nullable: true }) share_id!: string | null;
  @ApiProperty({ enum: STATUSES }) operational_status!: KasmOperationalStatus;
  @ApiProperty({ example: 'Session is running' }) operational_message!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) operational_progress!: number;
  @ApiProperty({ ...KASM_TIME, nullable: true }) start_date!: string | null;
  @ApiProperty(KASM_TIME) created_date!: string;
  @ApiProperty({ ...KASM_TIME, nullable: true, description: 'Keepalive expiry' })
  expiration_date!: string | null;
  @ApiProperty({ ...KASM_TIME, nullable: true, description: 'Session time limit' })
  hard_expiration_date!: string | null;
  @ApiProperty({ type: KasmImageRefDto }) image!: KasmImageRefDto;
  @ApiProperty({ type: KasmClientSettingsDto }) client_settings!: KasmClientSettingsDto;
}

export class KasmStatusResponseDto implements KasmStatusResponse {
  @ApiProperty(KASM_TIME) current_time!: string;
  @ApiProperty({ type: KasmSessionDto, description: 'Always present, also while the session starts' })
  kasm!: KasmSessionDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The connect URL (view-only when the API key is read-only); null once the session ended',
  })
  kasm_url!: string | null;
}

export class KasmListResponseDto {
  @ApiProperty(KASM_TIME) current_time!: string;
  @ApiProperty({ type: [KasmSessionDto] }) kasms!: KasmSessionDto[];
}

export class JoinKasmDto extends KasmCredentialsDto {
  @ApiProperty({ example: '3f9c0a2b8e7d4c1f9a6b5e4d3c2b1a09', description: 'share_id of a shared session' })
  @IsString()
  @MaxLength(64)
  share_id!: string;

  @ApiPropertyOptional({ ...KASM_ID, description: 'The joining user; when sent it must exist' })
  @IsOptional()
  @IsString()
  user_id?: string;
}

export class JoinKasmResponseDto {
  @ApiProperty(KASM_ID) kasm_id!: string;
  @ApiProperty() share_id!: string;
  @ApiProperty({ ...KASM_ID, nullable: true }) user_id!: string | null;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ description: 'Admits its holder to this session only, view-only' }) session_token!: string;
  @ApiProperty({ example: '/#/connect/50faa5439c574b518cd868dac9256e4b?token=css_…' }) kasm_url!: string;
  @ApiProperty({ type: KasmSessionDto }) kasm!: KasmSessionDto;
}

export class KeepaliveResponseDto {
  @ApiProperty({ description: 'Always false: Caster has no usage limits' }) usage_reached!: boolean;
  @ApiProperty({ ...KASM_TIME, description: 'The new keepalive expiry' }) expiration_date!: string;
}

export class ExecConfigDto {
  @ApiProperty({
    oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
    example: ['echo', 'hello; world'],
    description:
      'argv, or a command line split into words like a shell would (quotes and backslashes) — but never run by a shell: `;`, `|`, `$VAR`, globs are passed as plain text',
  })
  @IsDefined()
  @MultiLine()
  cmd!: string | string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  @MultiLine()
  environment?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Working directory inside the container' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  workdir?: string;

  @ApiPropertyOptional({ description: 'User inside the container (default: the image user)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  user?: string;

  @ApiPropertyOptional({
    description: 'Must be false or absent: privileged execs are refused',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  @IsIn([false], { message: 'privileged execs are not allowed' })
  privileged?: boolean;
}

export class ExecCommandKasmDto extends KasmRefDto {
  @ApiProperty({ type: ExecConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ExecConfigDto)
  exec_config!: ExecConfigDto;
}

export class ExecCommandResponseDto {
  @ApiProperty(KASM_TIME) current_time!: string;
  @ApiProperty(KASM_ID) kasm_id!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'null when the command outlived the wait (30 s)',
  })
  exit_code!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'stdout and stderr, interleaved' })
  output!: string | null;
}

/** argv limits for exec_command_kasm. */
export const MAX_ARGS = 256;
export const MAX_ARG_LENGTH = 8192;
