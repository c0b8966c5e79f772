import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { LoginRequest } from '@caster/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ format: 'password', maxLength: 1024 })
  @IsString()
  @Length(1, 1024)
  password!: string;
}
