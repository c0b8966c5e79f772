import { Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkspacesService } from '@caster/api/workspaces';
import { KasmCredentialsDto, KasmEmptyDto } from './dto/common.dto';
import { CastConfigBodyDto, KasmCastConfigResponseDto, KasmCastConfigsResponseDto } from './dto/casting.dto';
import { KasmImagesResponseDto } from './dto/images.dto';
import { KasmOk, KasmPermission, KasmRead } from './kasm-access';
import { KasmBody, type KasmRequest } from './kasm-body.pipe';
import { KasmCastingService } from './kasm-casting.service';
import { toKasmImage } from './kasm-format';
import { KASM_TAG } from './kasm-sessions.controller';

/** Images (workspaces) and casting configs, Kasm's way. Access: see @KasmPermission (ApiKeyGuard). */
@ApiTags(KASM_TAG)
@Controller('public')
export class KasmCatalogController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly casting: KasmCastingService,
  ) {}

  @Post('get_images')
  @KasmPermission('images_view')
  @KasmRead()
  @ApiOperation({ summary: 'Every workspace, as Kasm images (image_id = workspace id)' })
  @ApiBody({ type: KasmCredentialsDto })
  @KasmOk(KasmImagesResponseDto)
  async getImages(): Promise<KasmImagesResponseDto> {
    return { images: (await this.workspaces.listAll()).map(toKasmImage) };
  }

  @Post('get_cast_configs')
  @KasmPermission('casting_view')
  @KasmRead()
  @ApiOperation({ summary: 'Every casting config, in Kasm field names' })
  @ApiBody({ type: KasmCredentialsDto })
  @KasmOk(KasmCastConfigsResponseDto)
  async getCastConfigs(): Promise<KasmCastConfigsResponseDto> {
    return { cast_configs: await this.casting.list() };
  }

  @Post('create_cast_config')
  @KasmPermission('casting_create')
  @ApiOperation({
    summary: 'Create a casting config (target_cast_config: casting_config_name and image_id required)',
  })
  @ApiBody({ type: CastConfigBodyDto })
  @KasmOk(KasmCastConfigResponseDto)
  async createCastConfig(
    @KasmBody(CastConfigBodyDto) body: KasmRequest<CastConfigBodyDto>,
  ): Promise<KasmCastConfigResponseDto> {
    return { cast_config: await this.casting.create(body.target_cast_config) };
  }

  @Post('update_cast_config')
  @KasmPermission('casting_modify')
  @ApiOperation({
    summary: 'Change a casting config (target_cast_config.cast_config_id): only the fields sent',
  })
  @ApiBody({ type: CastConfigBodyDto })
  @KasmOk(KasmCastConfigResponseDto)
  async updateCastConfig(
    @KasmBody(CastConfigBodyDto) body: KasmRequest<CastConfigBodyDto>,
  ): Promise<KasmCastConfigResponseDto> {
    return { cast_config: await this.casting.update(body.target_cast_config) };
  }

  @Post('delete_cast_config')
  @KasmPermission('casting_delete')
  @ApiOperation({ summary: 'Delete a casting config (target_cast_config.cast_config_id)' })
  @ApiBody({ type: CastConfigBodyDto })
  @KasmOk(KasmEmptyDto, '{}')
  async deleteCastConfig(
    @KasmBody(CastConfigBodyDto) body: KasmRequest<CastConfigBodyDto>,
  ): Promise<KasmEmptyDto> {
    await this.casting.remove(body.target_cast_config);
    return {};
  }
}
