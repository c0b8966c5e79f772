import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { RemoteAppConfig, RemoteAppDryRunRequest, RemoteAppDryRunResult } from '@caster/contracts';

/** Body of POST /api/admin/casting/remote-app/dry-run. */
export class RemoteAppDryRunDto implements RemoteAppDryRunRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A saved casting link whose Remote App Configuration is tried (give this or remoteAppConfig)',
  })
  @IsOptional()
  @IsUUID()
  castConfigId?: string;

  @ApiPropertyOptional({
    description:
      'A draft Remote App Configuration (snake_case JSON as documented), checked as a save checks it',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  remoteAppConfig?: RemoteAppConfig;

  @ApiProperty({
    description:
      'A sample casting link (https://host/#/cast/excel?file=C%3A%5Cx.xlsx) or its query string (file=C%3A%5Cx.xlsx)',
    maxLength: 16384,
  })
  @IsString()
  @MaxLength(16384)
  url!: string;
}

export class RemoteAppDryRunResultDto implements RemoteAppDryRunResult {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The URL parameters read from the sample, as the cast page sends them',
  })
  params!: Record<string, string>;

  @ApiProperty({ name: 'remote-app', description: 'The RemoteApp name a cast would connect to' })
  'remote-app'!: string;

  @ApiProperty({
    name: 'remote-app-args',
    description: 'The command line a cast would pass, quoted for CommandLineToArgvW and cmd.exe',
  })
  'remote-app-args'!: string;
}
