import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
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
  DEFAULT_GROUP_PRIORITY,
  GROUP_SETTINGS,
  GROUP_SETTING_KEYS,
  MAX_GROUP_PRIORITY,
  type CreateGroupRequest,
  type EffectiveSettings,
  type Group,
  type GroupListQuery,
  type GroupSettingKey,
  type GroupSettingValues,
  type GroupSettings,
  type GroupSortField,
  type Page,
  type UpdateGroupRequest,
} from '@caster/contracts';
import { OptionalNotNull, PageQueryDto, MultiLine } from '@caster/api/core';
import { GroupSettingsDto } from './group-settings.dto';

const settingsSchema = {
  type: 'object',
  properties: Object.fromEntries(
    GROUP_SETTING_KEYS.map((key) => [
      key,
      { type: GROUP_SETTINGS[key].type, description: GROUP_SETTINGS[key].description },
    ]),
  ),
  additionalProperties: false,
} as const;

export class GroupDto implements Group {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_GROUP_PRIORITY, description: 'Lower number wins' })
  priority!: number;
  @ApiProperty({ description: 'True for "All Users" only' }) system!: boolean;
  @ApiProperty({ ...settingsSchema, description: 'Only the keys this group sets' }) settings!: GroupSettings;
  @ApiProperty({ type: [String], format: 'uuid' }) workspaceIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Explicit members; empty for "All Users"' })
  userIds!: string[];
  @ApiProperty({ description: 'Members (every user for "All Users")' }) userCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GroupPageDto implements Page<Group> {
  @ApiProperty({ type: [GroupDto] }) items!: GroupDto[];
  @ApiProperty() total!: number;
}

const GROUP_NAME = /^\S(.*\S)?$/;

export class CreateGroupDto implements CreateGroupRequest {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'Engineers' })
  @IsString()
  @Length(1, 64)
  @Matches(GROUP_NAME, { message: 'must not start or end with spaces' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000, default: '' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(1000)
  @MultiLine()
  description?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_GROUP_PRIORITY, default: DEFAULT_GROUP_PRIORITY })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_GROUP_PRIORITY)
  priority?: number;

  @ApiPropertyOptional({ type: GroupSettingsDto, description: 'Replaces the settings as a whole' })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => GroupSettingsDto)
  settings?: GroupSettingsDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the workspaces' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  workspaceIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the members; must be empty or absent for "All Users"',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  userIds?: string[];
}

/** PATCH and PUT: only the fields sent change. */
export class UpdateGroupDto
  extends PartialType(CreateGroupDto, { skipNullProperties: false })
  implements UpdateGroupRequest {}

const GROUP_SORTS: readonly GroupSortField[] = ['priority', 'name', 'createdAt'];

export class GroupListQueryDto extends PageQueryDto implements GroupListQuery {
  @ApiPropertyOptional({ enum: GROUP_SORTS, default: 'priority' })
  @IsOptional()
  @IsIn(GROUP_SORTS)
  sort?: GroupSortField;
}

export class EffectiveSettingsDto implements EffectiveSettings {
  @ApiProperty({ ...settingsSchema, description: 'A value for every key' }) settings!: GroupSettingValues;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'uuid', nullable: true },
    description: 'The group each value came from; null = the documented default',
  })
  sources!: Record<GroupSettingKey, string | null>;
}
