import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ParseIdPipe, AdminResource, ById } from '@caster/api/core';
import { EffectiveSettingsDto } from './dto/group.dto';
import { GroupsService } from './groups.service';

/** Lives with the groups, which it reads, under the users path it describes. */
@AdminResource('admin: users')
@Controller('admin/users')
export class EffectiveSettingsController {
  constructor(private readonly groups: GroupsService) {}

  @Get(':id/effective-settings')
  @ApiOperation({
    summary: "A user's effective group settings, and the group each value came from",
    description:
      'For each key: the value of the user\'s group with the lowest priority number that sets it (ties: a regular group before "All Users", then by name, then id), else the documented default (source null).',
  })
  @ById()
  @ApiOkResponse({ type: EffectiveSettingsDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<EffectiveSettingsDto> {
    return this.groups.effectiveSettingsOf(id);
  }
}
