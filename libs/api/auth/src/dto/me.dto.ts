import { ApiProperty } from '@nestjs/swagger';
import type { GroupRef, LoginResponse, Me, Role } from '@caster/contracts';

export class GroupRefDto implements GroupRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class MeDto implements Me {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['admin', 'user'] }) role!: Role;
  @ApiProperty() anonymous!: boolean;
  @ApiProperty({ type: [GroupRefDto] }) groups!: GroupRefDto[];
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'Bearer token; also set as the HttpOnly cookie caster_token' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: MeDto }) user!: MeDto;
}
