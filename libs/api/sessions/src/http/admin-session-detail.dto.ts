import { ApiProperty } from '@nestjs/swagger';
import type {
  AdminSessionDetail,
  EngineImages,
  EngineImagesResponse,
  SessionGrantSummary,
  SessionHistoryEntry,
  SessionState,
} from '@caster/contracts';
import { SESSION_STATES } from '@caster/contracts';
import { AdminSessionViewDto } from './session.dto';

export class SessionHistoryEntryDto implements SessionHistoryEntry {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['state', 'admin-view', 'admin-stop'] }) kind!: SessionHistoryEntry['kind'];
  @ApiProperty({ enum: SESSION_STATES, nullable: true, type: String }) fromState!: SessionState | null;
  @ApiProperty({ enum: SESSION_STATES, nullable: true, type: String }) toState!: SessionState | null;
  @ApiProperty({ type: String, nullable: true, description: 'A failure code and message, a stop reason' })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
}

export class SessionGrantSummaryDto implements SessionGrantSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['owner', 'share', 'viewer', 'connect', 'enter', 'origin'] })
  kind!: SessionGrantSummary['kind'];
  @ApiProperty() viewOnly!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

class SessionLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class AdminSessionDetailDto extends AdminSessionViewDto implements AdminSessionDetail {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) stoppedAt!: string | null;
  @ApiProperty({ type: SessionLinkDto, nullable: true }) link!: SessionLinkDto | null;
  @ApiProperty({ type: String, nullable: true, description: "The visitor's IP as the cast's claim has it" })
  clientIp!: string | null;
  @ApiProperty({ type: [SessionHistoryEntryDto] }) history!: SessionHistoryEntryDto[];
  @ApiProperty({ type: [SessionGrantSummaryDto] }) grants!: SessionGrantSummaryDto[];
  @ApiProperty({ description: 'GET /api/admin/sessions/:id/thumbnail can answer a picture now' })
  thumbnailAvailable!: boolean;
}

export class EngineImagesDto implements EngineImages {
  @ApiProperty({ example: 'local' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['docker', 'swarm'] }) kind!: 'docker' | 'swarm';
  @ApiProperty({ description: 'false: the engine did not answer (images is empty)' }) reachable!: boolean;
  @ApiProperty({ type: [String], example: ['caster/desktop:latest'] }) images!: string[];
}

export class EngineImagesResponseDto implements EngineImagesResponse {
  @ApiProperty({ type: [EngineImagesDto] }) engines!: EngineImagesDto[];
}
