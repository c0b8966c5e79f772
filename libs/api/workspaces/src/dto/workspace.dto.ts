import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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
} from 'class-validator';
import {
  DOCKER_EXEC_STAGES,
  DOCKER_RUN_OPTIONS,
  MAX_POOL_SESSIONS_PER_SERVER,
  SERVER_PROTOCOLS,
  WORKSPACE_PROVIDERS,
  WORKSPACE_TYPES,
  type CreateWorkspaceRequest,
  type JsonObject,
  type Page,
  type ServerConnection,
  type ServerConnectionInput,
  type ServerProtocol,
  type UpdateWorkspaceRequest,
  type Workspace,
  type WorkspaceListQuery,
  type WorkspaceProvider,
  type WorkspaceSortField,
  type WorkspaceSummary,
  type WorkspaceType,
} from '@caster/contracts';
import { OptionalNotNull, PageQueryDto, MultiLine } from '@caster/api/core';

const NAME = /^\S(.*\S)?$/;
const YEAR = 365 * 86_400;

export class ServerConnectionDto implements ServerConnection {
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ enum: SERVER_PROTOCOLS }) protocol!: ServerProtocol;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) domain!: string | null;
  @ApiProperty({ description: 'Whether a password is stored (it is never answered)' }) hasPassword!: boolean;
  @ApiProperty({ description: 'The RDP gateway accepts any server certificate' }) ignoreCertificate!: boolean;
}

export class WorkspaceDto implements Workspace {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: WORKSPACE_TYPES }) type!: WorkspaceType;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'container' }) image!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'container' }) cores!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'container' }) memoryMb!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'container',
  })
  env!: Record<string, string> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'container' })
  runConfig!: JsonObject | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'container' })
  execConfig!: JsonObject | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'container' }) allowNetworkSelection!:
    boolean | null;
  @ApiProperty({ type: [String], nullable: true, description: 'container' }) allowedNetworks!:
    string[] | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'container: sessions may reach the internet (never the host or other sessions)',
  })
  internetAccess!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'container' }) persistentProfilePath!:
    string | null;
  @ApiProperty({
    enum: WORKSPACE_PROVIDERS,
    nullable: true,
    description: 'container: where its sessions run; null = the installation default (SESSION_PROVIDER)',
  })
  provider!: WorkspaceProvider | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    description:
      'container: Swarm placement constraints (e.g. node.labels.gpu==true); ignored by plain Docker',
  })
  placementConstraints!: string[] | null;
  @ApiProperty({ type: Number, nullable: true, description: 'container, server, pool; null = group setting' })
  sessionTimeLimitSec!: number | null;
  @ApiProperty({ type: ServerConnectionDto, nullable: true, description: 'server' })
  server!: ServerConnectionDto | null;
  @ApiProperty({ type: [String], format: 'uuid', nullable: true, description: 'pool' }) poolServerIds!:
    string[] | null;
  @ApiProperty({ type: Number, nullable: true, description: 'pool: sessions one member takes at a time' })
  poolSessionsPerServer!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'link' }) url!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) groupIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WorkspacePageDto implements Page<Workspace> {
  @ApiProperty({ type: [WorkspaceDto] }) items!: WorkspaceDto[];
  @ApiProperty() total!: number;
}

export class WorkspaceSummaryDto implements WorkspaceSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: WORKSPACE_TYPES }) type!: WorkspaceType;
}

export class WorkspaceSummaryPageDto implements Page<WorkspaceSummary> {
  @ApiProperty({ type: [WorkspaceSummaryDto] }) items!: WorkspaceSummaryDto[];
  @ApiProperty() total!: number;
}

/** Merged into the stored connection on update: only the keys sent change. */
export class ServerConnectionInputDto implements ServerConnectionInput {
  @ApiPropertyOptional({ maxLength: 255 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 255)
  host?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 65535,
    description: 'Default: 3389 (rdp), 5900 (vnc), 22 (ssh)',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ enum: SERVER_PROTOCOLS })
  @OptionalNotNull()
  @IsIn(SERVER_PROTOCOLS)
  protocol?: ServerProtocol;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 1024,
    format: 'password',
    writeOnly: true,
    description: 'Write-only: a string sets it, null clears it, absent keeps it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  domain?: string | null;

  @ApiPropertyOptional({
    description:
      'Accept any certificate the server presents (self-signed, lab servers). Default false: a certificate that cannot be verified ends the connection.',
  })
  @IsOptional()
  @IsBoolean()
  ignoreCertificate?: boolean;
}

/**
 * Fields of another type than `type` are refused when they carry a value and ignored when empty
 * (null, false, [], {}); changing the type clears the old type's fields.
 */
export class CreateWorkspaceDto implements CreateWorkspaceRequest {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'Firefox' })
  @IsString()
  @Length(1, 128)
  @Matches(NAME, { message: 'must not start or end with spaces' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, default: '' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(2000)
  @MultiLine()
  description?: string;

  @ApiProperty({ enum: WORKSPACE_TYPES })
  @IsIn(WORKSPACE_TYPES)
  type!: WorkspaceType;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 512,
    description: 'container: Docker image reference',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  image?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0.1,
    maximum: 256,
    default: 1,
    description: 'container',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.1)
  @Max(256)
  cores?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 64,
    maximum: 1_048_576,
    default: 2048,
    description: 'container',
  })
  @IsOptional()
  @IsInt()
  @Min(64)
  @Max(1_048_576)
  memoryMb?: number | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'container: NAME → value; names match [A-Z_][A-Z0-9_]*',
  })
  @IsOptional()
  @IsObject()
  @MultiLine()
  env?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: `container: Docker run options (docker-py names). Allowed: ${DOCKER_RUN_OPTIONS.join(', ')}. Never privileged, host namespaces, devices, cap_add or bind mounts outside VOLUME_ROOTS.`,
  })
  @IsOptional()
  @IsObject()
  runConfig?: JsonObject | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: `container: commands run in the container, by stage (${DOCKER_EXEC_STAGES.join(', ')}): { cmd, user?, workdir?, environment? }`,
  })
  @IsOptional()
  @IsObject()
  @MultiLine()
  execConfig?: JsonObject | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, default: false, description: 'container' })
  @IsOptional()
  @IsBoolean()
  allowNetworkSelection?: boolean | null;

  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    default: true,
    description:
      'container: sessions may open connections to the internet; off = nothing outside the session (the host, other sessions and link-local addresses are never reachable)',
  })
  @IsOptional()
  @IsBoolean()
  internetAccess?: boolean | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'container: Docker networks a launch may choose',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  allowedNetworks?: string[] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 1024,
    description:
      'container: host path inside VOLUME_ROOTS; {username}, {user_id}, {image_id}, {workspace_id} are filled in',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  persistentProfilePath?: string | null;

  @ApiPropertyOptional({
    enum: WORKSPACE_PROVIDERS,
    nullable: true,
    default: null,
    description:
      'container: "docker" (one engine per session host) or "swarm" (one service per session); null = SESSION_PROVIDER',
  })
  @IsOptional()
  @IsIn(WORKSPACE_PROVIDERS)
  provider?: WorkspaceProvider | null;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    maxItems: 20,
    example: ['node.labels.gpu==true', 'node.role!=manager'],
    description:
      'container: Swarm placement constraints a node must all satisfy: node.id, node.hostname, node.role (manager|worker), node.platform.os/arch, node.labels.<name>, engine.labels.<name>, with == or !=. Ignored by plain Docker.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  placementConstraints?: string[] | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 60,
    maximum: YEAR,
    description: 'container, server, pool',
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(YEAR)
  sessionTimeLimitSec?: number | null;

  @ApiPropertyOptional({ type: ServerConnectionInputDto, nullable: true, description: 'server' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ServerConnectionInputDto)
  server?: ServerConnectionInputDto | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    nullable: true,
    description: 'pool: ids of server workspaces',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  poolServerIds?: string[] | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_POOL_SESSIONS_PER_SERVER,
    description:
      'pool: sessions one member server takes at a time (default 1); a launch beyond that is NO_CAPACITY',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POOL_SESSIONS_PER_SERVER)
  poolSessionsPerServer?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2048, description: 'link: an http(s) URL' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Groups that may launch it; omitted on create → "All Users"; [] → nobody (casting links still work)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

/** PATCH and PUT: only the fields sent change. */
export class UpdateWorkspaceDto
  extends PartialType(CreateWorkspaceDto, { skipNullProperties: false })
  implements UpdateWorkspaceRequest {}

const WORKSPACE_SORTS: readonly WorkspaceSortField[] = ['name', 'type', 'createdAt'];

export class WorkspaceListQueryDto extends PageQueryDto implements WorkspaceListQuery {
  @ApiPropertyOptional({ enum: WORKSPACE_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(WORKSPACE_SORTS)
  sort?: WorkspaceSortField;

  @ApiPropertyOptional({ enum: WORKSPACE_TYPES })
  @IsOptional()
  @IsIn(WORKSPACE_TYPES)
  type?: WorkspaceType;
}
