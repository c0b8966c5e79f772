import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingsModule } from '@caster/api/settings';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AnonymousUsersCleanup } from './anonymous-users-cleanup.service';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

/**
 * Accounts. The admin use cases need UserGroupsPort, UserTokensPort and UserSessionsPort (see
 * user-ports.ts), which the app's root module binds to the groups, auth and sessions modules.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), SettingsModule],
  controllers: [AdminUsersController],
  providers: [UsersService, AdminUsersService, AnonymousUsersCleanup],
  exports: [UsersService, AdminUsersService, AnonymousUsersCleanup],
})
export class UsersModule {}
