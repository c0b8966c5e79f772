import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import {
  SESSION_STATES,
  type ConnectEntryView,
  type ConnectKeepaliveResponse,
  type ConnectRequest,
  type ConnectView,
  type SessionState,
} from '@caster/contracts';
import { ClientSettingsDto, SessionFlagsDto } from '@caster/api/sessions';

export class ConnectRequestDto implements ConnectRequest {
  @ApiProperty({
    example: '50faa5439c574b518cd868dac9256e4b',
    description: 'The session id of the connect URL (32 hex digits or a dashed UUID)',
  })
  @IsString()
  @MaxLength(64)
  kasm_id!: string;

  @ApiProperty({ description: 'The `token` of the connect URL (a session_token)', example: 'css_…' })
  @IsString()
  @MaxLength(128)
  token!: string;
}

export class ConnectFailureDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class ConnectViewDto implements ConnectView {
  @ApiProperty({ format: 'uuid', description: 'Use this form in /api/connect/<sessionId> (the cookie path)' })
  sessionId!: string;
  @ApiProperty({ enum: SESSION_STATES }) state!: SessionState;
  @ApiProperty({ description: 'View-only: no input, no keepalive, no stop' }) viewOnly!: boolean;
  @ApiProperty() workspaceName!: string;
  @ApiProperty({ enum: ['container', 'server', 'pool', 'link'] })
  workspaceType!: ConnectView['workspaceType'];
  @ApiProperty({ example: 'http://50faa543-9c57-4b51-8cd8-68dac9256e4b.localhost:3000/' }) viewerUrl!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) hardExpiresAt!: string | null;
  @ApiProperty({ type: ClientSettingsDto }) clientSettings!: ClientSettingsDto;
  @ApiProperty({ type: SessionFlagsDto }) flags!: SessionFlagsDto;
  @ApiProperty({ type: ConnectFailureDto, nullable: true }) failure!: ConnectFailureDto | null;
}

export class ConnectEntryViewDto extends ConnectViewDto implements ConnectEntryView {
  @ApiProperty({ description: "Single-use entry link into the session's origin (a minute)" })
  enterUrl!: string;
  @ApiProperty() origin!: string;
  @ApiProperty({ format: 'date-time' }) enterExpiresAt!: string;
}

export class ConnectKeepaliveResponseDto implements ConnectKeepaliveResponse {
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
