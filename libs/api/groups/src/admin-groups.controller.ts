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
import { AdminGroupsService } from './admin-groups.service';
import { CreateGroupDto, GroupDto, GroupListQueryDto, GroupPageDto, UpdateGroupDto } from './dto/group.dto';

@AdminResource('admin: groups')
@Controller('admin/groups')
export class AdminGroupsController {
  constructor(private readonly groups: AdminGroupsService) {}

  @Get()
  @ApiOperation({ summary: 'List groups, paginated, searchable by name (default order: priority)' })
  @ApiOkResponse({ type: GroupPageDto })
  list(@Query() query: GroupListQueryDto): Promise<GroupPageDto> {
    return this.groups.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One group' })
  @ById()
  @ApiOkResponse({ type: GroupDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<GroupDto> {
    return this.groups.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a group' })
  @ApiCreatedResponse({ type: GroupDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields), unknown setting keys included' })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  create(@Body() body: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(body);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a group: only the fields sent change (settings, userIds and workspaceIds are replaced whole)',
    description: '"All Users" cannot be renamed (SYSTEM_GROUP) and its members cannot be chosen.',
  })
  @ById()
  @ApiOkResponse({ type: GroupDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'NAME_TAKEN, SYSTEM_GROUP' })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(id, body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH (partial update), for clients that only speak PUT' })
  @ById()
  @ApiOkResponse({ type: GroupDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'NAME_TAKEN, SYSTEM_GROUP' })
  replace(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a group (its memberships and workspace grants go with it)' })
  @ById()
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'SYSTEM_GROUP: "All Users" cannot be deleted' })
  async delete(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.groups.delete(id);
  }
}
