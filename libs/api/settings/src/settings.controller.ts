import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '@caster/api/core';
import { ServerSettingsDto, UpdateServerSettingsDto } from './dto/server-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('admin: settings')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'FORBIDDEN: administrators only' })
@AdminOnly()
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Server settings (the CAPTCHA secret is answered only as captchaSecretKeySet)' })
  @ApiOkResponse({ type: ServerSettingsDto })
  get(): Promise<ServerSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({
    summary: 'Change server settings: only the fields sent change; trusted proxies apply to the next request',
  })
  @ApiOkResponse({ type: ServerSettingsDto })
  update(@Body() body: UpdateServerSettingsDto): Promise<ServerSettingsDto> {
    return this.settings.update(body);
  }
}
