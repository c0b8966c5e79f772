import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { ApiKey, CreatedApiKey, Page } from '@caster/contracts';
import { ParseIdPipe, AdminResource, ById } from '@caster/api/core';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyDto,
  ApiKeyListQueryDto,
  ApiKeyPageDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto';

@AdminResource('admin: api keys')
@Controller('admin/api-keys')
export class AdminApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'List Developer API keys (never their secrets), searchable by name or key' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Query() query: ApiKeyListQueryDto): Promise<Page<ApiKey>> {
    return this.keys.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API key (without its secret)' })
  @ById()
  @ApiOkResponse({ type: ApiKeyDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<ApiKey> {
    return this.keys.get(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'Answers the generated `key` and `secret`; the secret is shown this once and only its SHA-256 is stored. A new key has no permissions unless `permissions` says otherwise.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.keys.create(body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change name, permissions, readOnly, expiresAt or enabled: only the fields sent' })
  @ById()
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateApiKeyDto): Promise<ApiKey> {
    return this.keys.update(id, body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH (partial update), for clients that only speak PUT' })
  @ById()
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  replace(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateApiKeyDto): Promise<ApiKey> {
    return this.keys.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an API key; calls with it are refused at once' })
  @ById()
  @ApiNoContentResponse()
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.keys.remove(id);
  }
}
