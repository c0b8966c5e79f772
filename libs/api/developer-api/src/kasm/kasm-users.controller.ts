import { Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiKeyPrincipal } from '@caster/api/auth';
import { CurrentApiKey } from './current-api-key';
import { KasmCredentialsDto, KasmEmptyDto } from './dto/common.dto';
import {
  DeleteUserBodyDto,
  KasmUserResponseDto,
  KasmUsersResponseDto,
  TargetUserBodyDto,
  UserGroupBodyDto,
} from './dto/users.dto';
import { KasmOk, KasmPermission, KasmRead } from './kasm-access';
import { KasmBody, type KasmRequest } from './kasm-body.pipe';
import { KASM_TAG } from './kasm-sessions.controller';
import { KasmUsersService } from './kasm-users.service';

/** Users and their groups, Kasm's way. Access: see @KasmPermission (ApiKeyGuard). */
@ApiTags(KASM_TAG)
@Controller('public')
export class KasmUsersController {
  constructor(private readonly users: KasmUsersService) {}

  @Post('get_user')
  @KasmPermission('users_view')
  @KasmRead()
  @ApiOperation({ summary: 'One user, by target_user.user_id or target_user.username' })
  @ApiBody({ type: TargetUserBodyDto })
  @KasmOk(KasmUserResponseDto)
  async getUser(
    @KasmBody(TargetUserBodyDto) body: KasmRequest<TargetUserBodyDto>,
  ): Promise<KasmUserResponseDto> {
    return { user: await this.users.get(body.target_user) };
  }

  @Post('get_users')
  @KasmPermission('users_view')
  @KasmRead()
  @ApiOperation({ summary: 'Every user, anonymous visitors included' })
  @ApiBody({ type: KasmCredentialsDto })
  @KasmOk(KasmUsersResponseDto)
  async getUsers(): Promise<KasmUsersResponseDto> {
    return { users: await this.users.list() };
  }

  @Post('create_user')
  @KasmPermission('users_create')
  @ApiOperation({ summary: 'Create a (non-administrator) user' })
  @ApiBody({ type: TargetUserBodyDto })
  @KasmOk(KasmUserResponseDto)
  async createUser(
    @KasmBody(TargetUserBodyDto) body: KasmRequest<TargetUserBodyDto>,
  ): Promise<KasmUserResponseDto> {
    return { user: await this.users.create(body.target_user) };
  }

  @Post('update_user')
  @KasmPermission('users_modify')
  @ApiOperation({
    summary: 'Change a user (target_user.user_id): only the fields sent change',
    description:
      'An administrator can only be changed with global_admin. A new password, disabling or locking signs the user out.',
  })
  @ApiBody({ type: TargetUserBodyDto })
  @KasmOk(KasmUserResponseDto)
  async updateUser(
    @KasmBody(TargetUserBodyDto) body: KasmRequest<TargetUserBodyDto>,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<KasmUserResponseDto> {
    return { user: await this.users.update(body.target_user, key.permissions) };
  }

  @Post('delete_user')
  @KasmPermission('users_delete')
  @ApiOperation({
    summary: 'Delete a user',
    description: 'Refused while the user has running sessions unless force is true (which stops them first).',
  })
  @ApiBody({ type: DeleteUserBodyDto })
  @KasmOk(KasmEmptyDto, '{}')
  async deleteUser(
    @KasmBody(DeleteUserBodyDto) body: KasmRequest<DeleteUserBodyDto>,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<KasmEmptyDto> {
    await this.users.delete(body.target_user, body.force ?? false, key.permissions);
    return {};
  }

  @Post('logout_user')
  @KasmPermission('users_auth_session')
  @ApiOperation({ summary: 'Sign a user out everywhere (their sessions keep running)' })
  @ApiBody({ type: TargetUserBodyDto })
  @KasmOk(KasmEmptyDto, '{}')
  async logoutUser(
    @KasmBody(TargetUserBodyDto) body: KasmRequest<TargetUserBodyDto>,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<KasmEmptyDto> {
    await this.users.logout(body.target_user, key.permissions);
    return {};
  }

  @Post('add_user_group')
  @KasmPermission('groups_modify')
  @ApiOperation({ summary: 'Add a user to a group (idempotent)' })
  @ApiBody({ type: UserGroupBodyDto })
  @KasmOk(KasmEmptyDto, '{}')
  async addUserGroup(@KasmBody(UserGroupBodyDto) body: KasmRequest<UserGroupBodyDto>): Promise<KasmEmptyDto> {
    await this.users.addToGroup(body.target_user, body.target_group.group_id);
    return {};
  }

  @Post('remove_user_group')
  @KasmPermission('groups_modify')
  @ApiOperation({ summary: 'Remove a user from a group (not from "All Users")' })
  @ApiBody({ type: UserGroupBodyDto })
  @KasmOk(KasmEmptyDto, '{}')
  async removeUserGroup(
    @KasmBody(UserGroupBodyDto) body: KasmRequest<UserGroupBodyDto>,
  ): Promise<KasmEmptyDto> {
    await this.users.removeFromGroup(body.target_user, body.target_group.group_id);
    return {};
  }
}
