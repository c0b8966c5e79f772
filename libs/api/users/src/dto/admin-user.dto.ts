import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  ROLES,
  USERNAME_PATTERN,
  type AdminUser,
  type CreateUserRequest,
  type Page,
  type Role,
  type UpdateUserRequest,
  type UserListQuery,
  type UserSortField,
} from '@caster/contracts';
import { OptionalNotNull, PageQueryDto, QueryBoolean } from '@caster/api/core';

export class AdminUserDto implements AdminUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'Made by casting for a visitor; read-only' }) anonymous!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() locked!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Always includes "All Users"' })
  groupIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt!: string | null;
}

export class AdminUserPageDto implements Page<AdminUser> {
  @ApiProperty({ type: [AdminUserDto] }) items!: AdminUserDto[];
  @ApiProperty() total!: number;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, minLength: 1, maxLength: 64, example: 'alice' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'must be 1–64 letters, digits or . _ - @ (not "." or "..")' })
  username!: string;

  @ApiProperty({
    format: 'password',
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'Write-only; stored as an argon2id hash and never answered',
  })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @OptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ default: false, description: 'A disabled user cannot sign in' })
  @OptionalNotNull()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ default: false, description: 'A locked user cannot sign in' })
  @OptionalNotNull()
  @IsBoolean()
  locked?: boolean;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the memberships; the "All Users" id may be included and is ignored',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  groupIds?: string[];
}

/** PATCH and PUT: only the fields sent change. */
export class UpdateUserDto
  extends PartialType(CreateUserDto, { skipNullProperties: false })
  implements UpdateUserRequest {}

const USER_SORTS: readonly UserSortField[] = ['username', 'createdAt', 'lastLoginAt'];

export class UserListQueryDto extends PageQueryDto implements UserListQuery {
  @ApiPropertyOptional({ enum: USER_SORTS, default: 'username' })
  @IsOptional()
  @IsIn(USER_SORTS)
  sort?: UserSortField;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only anonymous users; false: only named users' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  anonymous?: boolean;
}

export class DeleteUserQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    description: "Stop the user's running sessions first instead of refusing with USER_HAS_SESSIONS",
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}
