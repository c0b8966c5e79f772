import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupsModule, GroupsService } from '@caster/api/groups';
import { UsersModule } from '@caster/api/users';
import { WorkspacesModule } from '@caster/api/workspaces';
import { AdminPoolController } from './http/admin-pool.controller';
import { AdminEnginesController } from './http/admin-engines.controller';
import { AdminSessionDetailService } from './admin/admin-session-detail.service';
import { SessionThumbnailsService } from './thumbnail/session-thumbnails.service';
import { AdminSessionsController, AdminStagingController } from './http/admin-sessions.controller';
import { AgentLoad, AgentsService, ProvisionWorkflow } from '@caster/api/provisioning';
import { SessionFilesService } from './files/session-files.service';
import { ProvisionerService } from './launch/provisioner.service';
import { GrantRevocations } from './access/grant-revocations';
import { OpenViewers } from './proxy/open-viewers';
import { SessionProxyService } from './proxy/session-proxy.service';
import { SessionAccessService } from './access/session-access.service';
import { SessionGrantEntity } from './access/session-grant.entity';
import { SessionLaunchService } from './launch/session-launch.service';
import { SessionReaperService } from './lifecycle/session-reaper.service';
import { SessionsController } from './http/sessions.controller';
import { SessionExec } from './launch/session-exec';
import { SessionsService } from './sessions.service';
import { SharesController } from './http/shares.controller';
import { SessionEntity } from './state/session.entity';
import { SessionEvents } from './state/session-events';
import { SessionsRepository } from './state/sessions.repository';
import { StagingConfigEntity } from './staging/staging-config.entity';
import { StagingService } from './staging/staging.service';
import { UserSettingsLookup, WorkspaceLookup } from './ports';
import { WorkspacesLaunchLookup } from './workspace-lookup.adapter';

/** Sessions on Docker engines: launching, the proxy, lifetimes, staging pools, files, sharing. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SessionEntity, SessionGrantEntity, StagingConfigEntity]),
    WorkspacesModule,
    GroupsModule,
    UsersModule,
  ],
  controllers: [
    SessionsController,
    SharesController,
    AdminSessionsController,
    AdminStagingController,
    AdminPoolController,
    AdminEnginesController,
  ],
  providers: [
    { provide: WorkspaceLookup, useClass: WorkspacesLaunchLookup },
    { provide: UserSettingsLookup, useExisting: GroupsService },
    SessionsRepository,
    { provide: AgentLoad, useExisting: SessionsRepository },
    AgentsService,
    ProvisionWorkflow,
    SessionExec,
    SessionEvents,
    ProvisionerService,
    SessionsService,
    SessionLaunchService,
    SessionAccessService,
    GrantRevocations,
    OpenViewers,
    SessionProxyService,
    SessionFilesService,
    SessionReaperService,
    StagingService,
    SessionThumbnailsService,
    AdminSessionDetailService,
  ],
  exports: [
    SessionsRepository,
    SessionsService,
    SessionLaunchService,
    SessionAccessService,
    SessionProxyService,
    OpenViewers,
    SessionEvents,
    StagingService,
    AgentsService,
    SessionReaperService,
    ProvisionerService,
  ],
})
export class SessionsModule {}
