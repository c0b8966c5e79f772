import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type {
  AdminSessionView,
  ClientSettings,
  JoinShareResponse,
  LaunchSessionRequest,
  PoolMember,
  PoolMembersResponse,
  SessionEntryResponse,
  SessionConnection,
  SessionFlags,
  SessionState,
  SessionView,
  ShareView,
  StagingConfigView,
} from '@caster/contracts';
import { SESSION_STATES } from '@caster/contracts';
import { PageQueryDto } from '@caster/api/core';

export class LaunchSessionDto implements LaunchSessionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workspaceId!: string;

  @ApiPropertyOptional({ description: 'Becomes KASM_URL in the session (http or https)' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  kasmUrl?: string;
}

export class ClientSettingsDto implements ClientSettings {
  @ApiProperty() @IsBoolean() allowAudio!: boolean;
  @ApiProperty() @IsBoolean() audioDefaultOn!: boolean;
  @ApiProperty() @IsBoolean() allowDownloads!: boolean;
  @ApiProperty() @IsBoolean() allowClipboardDown!: boolean;
  @ApiProperty() @IsBoolean() allowClipboardUp!: boolean;
  @ApiProperty() @IsBoolean() allowMicrophone!: boolean;
  @ApiProperty() @IsBoolean() allowUploads!: boolean;
  @ApiProperty() @IsBoolean() allowGamepads!: boolean;
  @ApiProperty() @IsBoolean() allowSharing!: boolean;
  @ApiProperty() @IsBoolean() imeDefaultOn!: boolean;
}

export class SessionFlagsDto implements SessionFlags {
  @ApiProperty() disableControlPanel!: boolean;
  @ApiProperty() disableTips!: boolean;
  @ApiProperty() sharing!: boolean;
  @ApiProperty() fixedResolution!: boolean;
}

export class SessionConnectionDto implements SessionConnection {
  @ApiProperty({ enum: ['rdp', 'vnc', 'ssh'] }) protocol!: 'rdp' | 'vnc' | 'ssh';
  @ApiProperty() hostname!: string;
  @ApiProperty() port!: number;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() domain?: string;
  @ApiPropertyOptional({ name: 'remote-app' }) 'remote-app'?: string;
  @ApiPropertyOptional({ name: 'remote-app-args' }) 'remote-app-args'?: string;
}

export class SessionViewDto implements SessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SESSION_STATES }) state!: SessionState;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() workspaceName!: string;
  @ApiProperty({ enum: ['container', 'server', 'pool', 'link'] }) workspaceType!:
    'container' | 'server' | 'pool' | 'link';
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When it became its owner’s: createdAt, or the hand-over of a warm staged session',
  })
  claimedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) hardExpiresAt!: string | null;
  @ApiProperty({ type: ClientSettingsDto }) clientSettings!: ClientSettingsDto;
  @ApiProperty({ type: SessionFlagsDto }) flags!: SessionFlagsDto;
  @ApiProperty({
    description:
      "The session's own origin for container sessions (http://<id>.localhost:3000/), entered through POST /api/sessions/:id/access; the URL of a link workspace",
  })
  viewerUrl!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'http://50faa543-9c57-4b51-8cd8-68dac9256e4b.localhost:3000',
  })
  viewerOrigin!: string | null;
  @ApiPropertyOptional({ nullable: true }) failure?: { code: string; message: string } | null;
  @ApiPropertyOptional({ nullable: true }) shareId?: string | null;
  @ApiPropertyOptional({ nullable: true }) kasmUrl?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description:
      "Set when a casting link made the session: `{ errorUrl }`, the link's Error URL (http(s) only, else null) where the visitor's page sends a failed launch with `?code=`; null otherwise",
    example: { errorUrl: 'https://acme.com/sorry' },
  })
  cast?: { errorUrl: string | null } | null;
}

/** GET /api/admin/sessions(/:id): the owner's view plus what only administrators see. */
export class AdminSessionViewDto extends SessionViewDto implements AdminSessionView {
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) agentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) containerId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) castConfigId!: string | null;
  @ApiPropertyOptional({
    type: SessionConnectionDto,
    description: 'Server and pool sessions: the server the RDP gateway connects to',
  })
  connection?: SessionConnectionDto;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) serverId?: string | null;
}

export class PoolMemberDto implements PoolMember {
  @ApiProperty({ format: 'uuid' }) serverId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() host!: string;
  @ApiProperty() port!: number;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Live sessions on it now' }) activeSessions!: number;
  @ApiProperty({ description: "The pool's poolSessionsPerServer" }) capacity!: number;
  @ApiProperty({ enum: ['free', 'busy', 'disabled'] }) state!: 'free' | 'busy' | 'disabled';
}

export class PoolMembersResponseDto implements PoolMembersResponse {
  @ApiProperty({ type: [PoolMemberDto] }) members!: PoolMemberDto[];
}

export class SessionEntryDto implements SessionEntryResponse {
  @ApiProperty({
    description:
      "Open in the viewer's frame within a minute; it works once. Append `&next=/path` to land elsewhere than `/`.",
    example: 'http://50faa543-9c57-4b51-8cd8-68dac9256e4b.localhost:3000/.caster/enter?grant=cse_…',
  })
  enterUrl!: string;
  @ApiProperty({ example: 'http://50faa543-9c57-4b51-8cd8-68dac9256e4b.localhost:3000' }) origin!: string;
  @ApiProperty({ format: 'date-time', description: 'When the entry code expires' }) expiresAt!: string;
}

export class JoinShareDto extends SessionEntryDto implements JoinShareResponse {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: [true] }) viewOnly!: true;
  @ApiProperty() viewerUrl!: string;
  @ApiProperty({ type: SessionFlagsDto }) flags!: SessionFlagsDto;
}

export class ShareViewDto implements ShareView {
  @ApiProperty() shareId!: string;
  @ApiProperty({ example: '#/share/0123456789abcdef0123456789abcdef' }) url!: string;
}

export class KeepaliveResponseDto {
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class AdminSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATES })
  @IsOptional()
  @IsIn([...SESSION_STATES])
  state?: SessionState;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's sessions (the user page)" })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class StagingConfigDto implements Omit<StagingConfigView, 'id' | 'ready'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workspaceId!: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  desiredSessions!: number;

  @ApiProperty({
    minimum: 0.01,
    maximum: 720,
    description: 'A warm session is replaced after this many hours',
  })
  @IsNumber()
  @Min(0.01)
  @Max(720)
  expirationHours!: number;

  @ApiProperty({ type: ClientSettingsDto })
  @ValidateNested()
  @Type(() => ClientSettingsDto)
  clientSettings!: ClientSettingsDto;
}

export class StagingConfigViewDto extends StagingConfigDto implements StagingConfigView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'warm sessions ready now' }) ready!: number;
}
