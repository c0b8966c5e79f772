import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { CastClaim, CastConfig, Page } from '@caster/contracts';
import { ParseIdPipe, AdminResource } from '@caster/api/core';
import { toCastConfig, CastingService } from './casting.service';
import {
  CastClaimDto,
  CastConfigDto,
  CastConfigViewDto,
  CastingListQueryDto,
  UpdateCastConfigDto,
} from './dto/cast-config.dto';

@AdminResource('admin: casting')
@Controller('admin/casting')
export class AdminCastingController {
  constructor(private readonly casting: CastingService) {}

  @Get()
  @ApiOperation({ summary: 'Casting links, paginated, searchable by name or key' })
  @ApiOkResponse({ description: '{ items: CastConfig[], total }' })
  list(@Query() query: CastingListQueryDto): Promise<Page<CastConfig>> {
    return this.casting.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CastConfigViewDto })
  async get(@Param('id', ParseIdPipe) id: string): Promise<CastConfig> {
    return toCastConfig(await this.casting.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Create a casting link (key generated when omitted)' })
  @ApiCreatedResponse({ type: CastConfigViewDto })
  create(@Body() body: CastConfigDto): Promise<CastConfig> {
    return this.casting.create(body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update a casting link: only the fields sent change' })
  @ApiOkResponse({ type: CastConfigViewDto })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateCastConfigDto): Promise<CastConfig> {
    return this.casting.update(id, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Same as PUT' })
  @ApiOkResponse({ type: CastConfigViewDto })
  patch(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateCastConfigDto): Promise<CastConfig> {
    return this.casting.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    return this.casting.remove(id);
  }

  @Post(':id/rotate-key')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new URL key; the old one stops working at once' })
  @ApiOkResponse({ type: CastConfigViewDto })
  rotate(@Param('id', ParseIdPipe) id: string): Promise<CastConfig> {
    return this.casting.rotateKey(id);
  }

  @Get(':id/claims')
  @ApiOperation({
    summary:
      'The audit of cast requests, newest first: time, client IP, outcome (code or "ok"), user, session',
  })
  @ApiOkResponse({ type: [CastClaimDto] })
  claims(@Param('id', ParseIdPipe) id: string): Promise<CastClaim[]> {
    return this.casting.claimsOf(id);
  }
}
