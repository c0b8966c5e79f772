import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
} from 'class-validator';
import {
  API_KEY_PERMISSIONS,
  type ApiKey,
  type ApiKeyPermission,
  type CreateApiKeyRequest,
  type CreatedApiKey,
  type Page,
  type UpdateApiKeyRequest,
} from '@caster/contracts';
import { OptionalNotNull, PageQueryDto } from '@caster/api/core';

export class ApiKeyDto implements ApiKey {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CRM integration' }) name!: string;
  @ApiProperty({ description: 'The public half of the credentials: `api_key`', example: 'bMjMwTT0JKUQ' })
  key!: string;
  @ApiProperty({ enum: API_KEY_PERMISSIONS, isArray: true }) permissions!: ApiKeyPermission[];
  @ApiProperty({ description: 'May only call the get_* endpoints, whatever its permissions' })
  readOnly!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: never expires' })
  expiresAt!: string | null;
  @ApiProperty({ description: 'A disabled key is refused (401)' }) enabled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto implements CreatedApiKey {
  @ApiProperty({
    description: 'The secret half: `api_key_secret`. Answered by this call only; store it now.',
    example: 'KUNAvRw4KLHGmldBxhRUD5sAhWkvJVzS…',
  })
  secret!: string;
}

export class ApiKeyPageDto implements Page<ApiKey> {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
  @ApiProperty() total!: number;
}

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  name!: string;

  @ApiPropertyOptional({
    enum: API_KEY_PERMISSIONS,
    isArray: true,
    default: [],
    description: 'Kasm permission names; `global_admin` implies all of them',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(API_KEY_PERMISSIONS.length)
  @IsIn(API_KEY_PERMISSIONS, { each: true, message: 'each permission must be one of the catalogue' })
  permissions?: ApiKeyPermission[];

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  readOnly?: boolean;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'null: never' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

/** PATCH and PUT: only the fields sent change. */
export class UpdateApiKeyDto
  extends PartialType(CreateApiKeyDto, { skipNullProperties: false })
  implements UpdateApiKeyRequest {}

export class ApiKeyListQueryDto extends PageQueryDto {}
