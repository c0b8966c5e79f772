import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { ParseIdPipe, AdminResource, ById } from '@caster/api/core';
import { AdminWorkspacesService } from './admin-workspaces.service';
import {
  CreateWorkspaceDto,
  UpdateWorkspaceDto,
  WorkspaceDto,
  WorkspaceListQueryDto,
  WorkspacePageDto,
} from './dto/workspace.dto';

const TYPE_RULES =
  'Required by type: container → image; server → server.host and server.protocol; pool → poolServerIds (server workspaces); link → url (http/https). Fields of another type are refused when they carry a value and ignored when empty (null, false, [], {}).';

@AdminResource('admin: workspaces')
@Controller('admin/workspaces')
export class AdminWorkspacesController {
  constructor(private readonly workspaces: AdminWorkspacesService) {}

  @Get()
  @ApiOperation({ summary: 'List workspaces, paginated, searchable by name, filterable by type' })
  @ApiOkResponse({ type: WorkspacePageDto })
  list(@Query() query: WorkspaceListQueryDto): Promise<WorkspacePageDto> {
    return this.workspaces.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One workspace (a server password is answered only as server.hasPassword)' })
  @ById()
  @ApiOkResponse({ type: WorkspaceDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<WorkspaceDto> {
    return this.workspaces.get(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a workspace; without groupIds it is launchable by "All Users"',
    description: TYPE_RULES,
  })
  @ApiCreatedResponse({ type: WorkspaceDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (details.fields), refused Docker options included',
  })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  create(@Body() body: CreateWorkspaceDto): Promise<WorkspaceDto> {
    return this.workspaces.create(body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a workspace: only the fields sent change (server is merged key by key)',
    description: `${TYPE_RULES} Changing the type clears the old type's fields.`,
  })
  @ById()
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceDto> {
    return this.workspaces.update(id, body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH (partial update), for clients that only speak PUT' })
  @ById()
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  replace(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateWorkspaceDto): Promise<WorkspaceDto> {
    return this.workspaces.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a workspace (its group grants and pool memberships go with it)' })
  @ById()
  @ApiNoContentResponse()
  async delete(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.workspaces.delete(id);
  }
}
