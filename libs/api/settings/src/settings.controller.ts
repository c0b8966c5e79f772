import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminResource } from '@caster/api/core';
import { ServerSettingsDto, UpdateServerSettingsDto } from './dto/server-settings.dto';
import { SettingsService } from './settings.service';

@AdminResource('admin: settings')
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
