import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { CastClaim, CastConfig, CastTestVisit, Page, RemoteAppDryRunResult } from '@caster/contracts';
import { CurrentPrincipal, ParseIdPipe, AdminResource, type Principal } from '@caster/api/core';
import { CastTestVisits } from './cast-test-visits.service';
import { toCastConfig, CastingService } from './casting.service';
import { CastHealthService } from './health/cast-health.service';
import {
  CastClaimDto,
  CastTestVisitDto,
  CastConfigDto,
  CastConfigViewDto,
  CastingListQueryDto,
  UpdateCastConfigDto,
} from './dto/cast-config.dto';
import { RemoteAppDryRunDto, RemoteAppDryRunResultDto } from './dto/remote-app-dry-run.dto';
import { RemoteAppDryRun } from './remote-app-dry-run.service';

@AdminResource('admin: casting')
@Controller('admin/casting')
export class AdminCastingController {
  constructor(
    private readonly casting: CastingService,
    private readonly remoteAppDryRun: RemoteAppDryRun,
    private readonly health: CastHealthService,
    private readonly testVisits: CastTestVisits,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Casting links, paginated, searchable by name or key; each with its computed `health`',
  })
  @ApiOkResponse({ description: '{ items: CastConfig[] (each with health), total }' })
  async list(@Query() query: CastingListQueryDto): Promise<Page<CastConfig>> {
    const page = await this.casting.list(query);
    return { ...page, items: await this.health.withHealth(page.items) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One casting link, with its computed `health`' })
  @ApiOkResponse({ type: CastConfigViewDto })
  async get(@Param('id', ParseIdPipe) id: string): Promise<CastConfig> {
    return this.one(toCastConfig(await this.casting.get(id)));
  }

  @Post()
  @ApiOperation({ summary: 'Create a casting link (key generated when omitted)' })
  @ApiCreatedResponse({ type: CastConfigViewDto })
  async create(@Body() body: CastConfigDto): Promise<CastConfig> {
    return this.one(await this.casting.create(body));
  }

  @Put(':id')
  @ApiOperation({ summary: 'Update a casting link: only the fields sent change' })
  @ApiOkResponse({ type: CastConfigViewDto })
  async update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateCastConfigDto): Promise<CastConfig> {
    return this.one(await this.casting.update(id, body));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Same as PUT' })
  @ApiOkResponse({ type: CastConfigViewDto })
  async patch(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateCastConfigDto): Promise<CastConfig> {
    return this.one(await this.casting.update(id, body));
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
  async rotate(@Param('id', ParseIdPipe) id: string): Promise<CastConfig> {
    return this.one(await this.casting.rotateKey(id));
  }

  @Post(':id/test-visit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '"Open as a visitor": a token, valid one hour, for the link\'s query as `caster_test=<token>`; casts made with it are marked `test` in the audit and change nothing else',
  })
  @ApiOkResponse({ type: CastTestVisitDto })
  async testVisit(
    @Param('id', ParseIdPipe) id: string,
    @CurrentPrincipal() admin: Principal,
  ): Promise<CastTestVisit> {
    await this.casting.get(id);
    return this.testVisits.issue(id, admin.userId);
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

  @Post('remote-app/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Try a Remote App Configuration (a saved link's or a draft) on a sample link: the remote-app and remote-app-args a cast would build, or the error its visitor would get",
  })
  @ApiOkResponse({ type: RemoteAppDryRunResultDto })
  @ApiBadRequestResponse({
    description:
      "The visitor's error (PARAMETER_REQUIRED / PARAMETER_INVALID with details.param), or VALIDATION_FAILED (details.fields) for the body or the draft",
  })
  dryRunRemoteApp(@Body() body: RemoteAppDryRunDto): Promise<RemoteAppDryRunResult> {
    return this.remoteAppDryRun.run(body);
  }

  /** Every answer that names a link says how healthy it is now (the form shows it after a save). */
  private async one(config: CastConfig): Promise<CastConfig> {
    const [withHealth] = await this.health.withHealth([config]);
    return withHealth;
  }
}
