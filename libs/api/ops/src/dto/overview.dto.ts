import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  GETTING_STARTED_STEPS,
  OVERVIEW_HOURS,
  type GettingStarted,
  type GettingStartedStep,
  type GettingStartedStepId,
  type AdminOverview,
  type LiveSessionState,
  type OverviewCastBucket,
  type OverviewPool,
  type OverviewQuery,
  type OverviewRefusingLink,
} from '@caster/contracts';

export class OverviewQueryDto implements OverviewQuery {
  @ApiPropertyOptional({
    minimum: OVERVIEW_HOURS.min,
    maximum: OVERVIEW_HOURS.max,
    default: OVERVIEW_HOURS.default,
    description: 'The window: the last this many hours',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(OVERVIEW_HOURS.min)
  @Max(OVERVIEW_HOURS.max)
  hours?: number;
}

const COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
} as const;

class OverviewWindowDto {
  @ApiProperty() hours!: number;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ description: 'Width of one bucket, chosen from the window (24 h → 3600)' })
  bucketSeconds!: number;
}

class OverviewCastBucketDto implements OverviewCastBucket {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ ...COUNTS, description: 'outcome ("ok" or a refusal code) → count' })
  counts!: Record<string, number>;
}

class OverviewCastsDto {
  @ApiProperty({ type: [String], description: '"ok" first, then refusal codes' }) outcomes!: string[];
  @ApiProperty({ type: [OverviewCastBucketDto] }) buckets!: OverviewCastBucketDto[];
  @ApiProperty({ ...COUNTS, description: 'outcome → count over the window' }) totals!: Record<string, number>;
}

class OverviewSessionsDto {
  @ApiProperty({ description: 'provisioning + starting + running + stopping' }) active!: number;
  @ApiProperty({
    ...COUNTS,
    description: 'staged, provisioning, starting, running, stopping → count',
  })
  byState!: Record<LiveSessionState, number>;
}

class OverviewPoolDto implements OverviewPool {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty() workspaceName!: string;
  @ApiProperty() ready!: number;
  @ApiProperty({ description: 'warm sessions still provisioning or starting' }) starting!: number;
  @ApiProperty({ description: 'desiredSessions of the staging config' }) target!: number;
}

class OverviewRefusingLinkDto implements OverviewRefusingLink {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() key!: string;
  @ApiProperty() refusals!: number;
  @ApiProperty({ ...COUNTS, description: 'refusal code → count' }) byReason!: Record<string, number>;
}

export class AdminOverviewDto implements AdminOverview {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: OverviewWindowDto }) window!: OverviewWindowDto;
  @ApiProperty({ type: OverviewCastsDto }) casts!: OverviewCastsDto;
  @ApiProperty({ type: OverviewSessionsDto }) sessions!: OverviewSessionsDto;
  @ApiProperty({ type: [OverviewPoolDto] }) pools!: OverviewPoolDto[];
  @ApiProperty({ type: [OverviewRefusingLinkDto], description: 'at most 10, most refusals first' })
  topRefusingLinks!: OverviewRefusingLinkDto[];
}

class GettingStartedStepDto implements GettingStartedStep {
  @ApiProperty({ enum: GETTING_STARTED_STEPS }) id!: GettingStartedStepId;
  @ApiProperty() done!: boolean;
  @ApiPropertyOptional({
    description:
      'What ticked it: image → the image found on an engine; workspace, link → its id; tried → the id of the link that last answered "ok"',
  })
  ref?: string;
}

export class GettingStartedDto implements GettingStarted {
  @ApiProperty({
    type: [GettingStartedStepDto],
    description: 'image → workspace → link → tried, in that order',
  })
  steps!: GettingStartedStepDto[];
  @ApiProperty({ description: 'Every step is done' }) complete!: boolean;
}
