import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthService } from '@caster/api/auth';
import { UsersModule } from '@caster/api/users';
import { AdminGroupsController } from './admin-groups.controller';
import { AdminGroupsService } from './admin-groups.service';
import { EffectiveSettingsController } from './effective-settings.controller';
import { GroupEntity } from './group.entity';
import { GroupsService } from './groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([GroupEntity]), UsersModule],
  controllers: [AdminGroupsController, EffectiveSettingsController],
  providers: [GroupsService, AdminGroupsService],
  exports: [GroupsService],
})
export class GroupsModule implements OnModuleInit {
  constructor(
    private readonly auth: AuthService,
    private readonly groups: GroupsService,
  ) {}

  /** /api/auth/me lists the caller's groups; auth cannot depend on this module, so it is told. */
  onModuleInit(): void {
    this.auth.useGroupLookup(this.groups);
  }
}
