import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupsModule } from '@caster/api/groups';
import { AdminWorkspacesController } from './admin-workspaces.controller';
import { AdminWorkspacesService } from './admin-workspaces.service';
import { WorkspaceEntity } from './workspace.entity';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceEntity]), GroupsModule],
  controllers: [AdminWorkspacesController, WorkspacesController],
  providers: [WorkspacesRepository, WorkspacesService, AdminWorkspacesService],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
