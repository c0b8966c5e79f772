import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { EngineImagesResponse } from '@caster/contracts';
import { AdminResource } from '@caster/api/core';
import { AgentsService } from '@caster/api/provisioning';
import { EngineImagesResponseDto } from './admin-session-detail.dto';

/** What the engines sessions run on hold: the workspace form picks its image from it. */
@AdminResource('admin: workspaces')
@Controller('admin/engines')
export class AdminEnginesController {
  constructor(private readonly agents: AgentsService) {}

  @Get('images')
  @ApiOperation({
    summary: 'The tagged images on each engine sessions run on (Docker agents, and the Swarm when in use)',
    description:
      'An engine that does not answer within 5 s is listed with reachable: false and no images. A container workspace launches only on an engine that holds its image.',
  })
  @ApiOkResponse({ type: EngineImagesResponseDto })
  async images(): Promise<EngineImagesResponse> {
    return { engines: await this.agents.imagesPerEngine() };
  }
}
