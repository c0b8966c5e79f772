import { ApiProperty } from '@nestjs/swagger';
import type { KasmImage } from '@caster/contracts';
import { KASM_ID } from './common.dto';

export class KasmImageDto implements KasmImage {
  @ApiProperty({ ...KASM_ID, description: 'The workspace id' }) image_id!: string;
  @ApiProperty({ description: 'The workspace name' }) friendly_name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Docker image (container workspaces)' })
  name!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['Container', 'Server', 'Server Pool', 'Link'] })
  image_type!: KasmImage['image_type'];
  @ApiProperty() enabled!: boolean;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: Number, nullable: true }) cores!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Bytes (memoryMb × 1,000,000)' })
  memory!: number | null;
}

export class KasmImagesResponseDto {
  @ApiProperty({ type: [KasmImageDto] }) images!: KasmImageDto[];
}
