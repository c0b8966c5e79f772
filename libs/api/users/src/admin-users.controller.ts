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
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserDto,
  AdminUserPageDto,
  CreateUserDto,
  DeleteUserQueryDto,
  UpdateUserDto,
  UserListQueryDto,
} from './dto/admin-user.dto';

@AdminResource('admin: users')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users, paginated, searchable by username' })
  @ApiOkResponse({ type: AdminUserPageDto })
  list(@Query() query: UserListQueryDto): Promise<AdminUserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ById()
  @ApiOkResponse({ type: AdminUserDto })
  get(@Param('id', ParseIdPipe) id: string): Promise<AdminUserDto> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: AdminUserDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN' })
  create(@Body() body: CreateUserDto): Promise<AdminUserDto> {
    return this.users.create(body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user: only the fields sent change',
    description:
      'A new password, disabling or locking signs the user out everywhere. The last active administrator cannot be demoted, disabled or locked (LAST_ADMIN).',
  })
  @ById()
  @ApiOkResponse({ type: AdminUserDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN, LAST_ADMIN' })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateUserDto): Promise<AdminUserDto> {
    return this.users.update(id, body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH (partial update), for clients that only speak PUT' })
  @ById()
  @ApiOkResponse({ type: AdminUserDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (details.fields)' })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN, LAST_ADMIN' })
  replace(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateUserDto): Promise<AdminUserDto> {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a user',
    description:
      'Refused with USER_HAS_SESSIONS while the user has running sessions, unless ?force=true, which stops them first.',
  })
  @ById()
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'USER_HAS_SESSIONS, LAST_ADMIN' })
  async delete(@Param('id', ParseIdPipe) id: string, @Query() query: DeleteUserQueryDto): Promise<void> {
    await this.users.delete(id, query.force ?? false);
  }
}
