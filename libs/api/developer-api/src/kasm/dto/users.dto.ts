import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_PATTERN,
  type KasmUser,
  type KasmUserGroup,
} from '@caster/contracts';
import { KASM_ID, KASM_TIME, KasmCredentialsDto } from './common.dto';

/** `target_user`: which user (user_id or username) and, for create/update, the values to set. */
export class TargetUserDto {
  @ApiPropertyOptional(KASM_ID)
  @IsOptional()
  @IsString()
  user_id?: string;

  @ApiPropertyOptional({ pattern: USERNAME_PATTERN.source, example: 'test_user1@example.com' })
  @IsOptional()
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 1–64 letters, digits or . _ - @ (not "." or "..")',
  })
  username?: string;

  @ApiPropertyOptional({
    format: 'password',
    writeOnly: true,
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'create_user without one makes an account that cannot sign in with a password',
  })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) first_name?: string;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) last_name?: string;
  @ApiPropertyOptional({ maxLength: 64 }) @IsOptional() @IsString() @MaxLength(64) phone?: string;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) organization?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional({ description: 'A locked user cannot sign in' })
  @IsOptional()
  @IsBoolean()
  locked?: boolean;
  @ApiPropertyOptional({ description: 'A disabled user cannot sign in' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class TargetGroupDto {
  @ApiProperty(KASM_ID)
  @IsString()
  group_id!: string;
}

export class TargetUserBodyDto extends KasmCredentialsDto {
  @ApiProperty({ type: TargetUserDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TargetUserDto)
  target_user!: TargetUserDto;
}

export class DeleteUserBodyDto extends TargetUserBodyDto {
  @ApiPropertyOptional({
    default: false,
    description: "Stop the user's running sessions first instead of refusing while they run",
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class UserGroupBodyDto extends TargetUserBodyDto {
  @ApiProperty({ type: TargetGroupDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TargetGroupDto)
  target_group!: TargetGroupDto;
}

export class KasmUserGroupDto implements KasmUserGroup {
  @ApiProperty() name!: string;
  @ApiProperty(KASM_ID) group_id!: string;
}

export class KasmUserDto implements KasmUser {
  @ApiProperty(KASM_ID) user_id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) first_name!: string | null;
  @ApiProperty({ type: String, nullable: true }) last_name!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) organization!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ enum: ['local'] }) realm!: 'local';
  @ApiProperty() locked!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'Made for a visitor (casting, request_kasm without user_id)' })
  anonymous!: boolean;
  @ApiProperty({ ...KASM_TIME, nullable: true, description: 'Last sign-in' }) last_session!: string | null;
  @ApiProperty(KASM_TIME) created!: string;
  @ApiProperty({ type: [KasmUserGroupDto], description: 'Always includes "All Users"' })
  groups!: KasmUserGroupDto[];
}

export class KasmUserResponseDto {
  @ApiProperty({ type: KasmUserDto }) user!: KasmUserDto;
}

export class KasmUsersResponseDto {
  @ApiProperty({ type: [KasmUserDto] }) users!: KasmUserDto[];
}
