import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ConfigModule, type CasterConfig } from '@caster/api/config';
import { ContentSecurityExtras, LoggingModule, MetricsPort, TrustedProxies } from '@caster/api/core';
import { ClusterModule, DatabaseModule } from '@caster/api/database';
import { AuthModule, TokensService } from '@caster/api/auth';
import { GroupsModule, GroupsService } from '@caster/api/groups';
import { MetricsService, OpsModule } from '@caster/api/ops';
import { CastingModule, CastingService, FailedCastRelease } from '@caster/api/casting';
import { DeveloperApiModule } from '@caster/api/developer-api';
import { CastLinkLookup, FailedLaunchPort, SessionsModule, SessionsService } from '@caster/api/sessions';
import { SettingsModule } from '@caster/api/settings';
import { UserGroupsPort, UserSessionsPort, UserTokensPort, UsersModule } from '@caster/api/users';
import { WorkspacesModule } from '@caster/api/workspaces';

/**
 * Binds what one module needs from another that depends on it (ports declared by the needing
 * module, see libs/api/users/src/user-ports.ts), and the process-wide TrustedProxies that the
 * HTTP server and the settings module share.
 */
@Global()
@Module({
  imports: [GroupsModule, SessionsModule, CastingModule, OpsModule],
  providers: [
    TrustedProxies,
    ContentSecurityExtras,
    { provide: UserGroupsPort, useExisting: GroupsService },
    { provide: UserTokensPort, useExisting: TokensService },
    { provide: UserSessionsPort, useExisting: SessionsService },
    { provide: FailedLaunchPort, useExisting: FailedCastRelease },
    { provide: CastLinkLookup, useExisting: CastingService },
    { provide: MetricsPort, useExisting: MetricsService },
  ],
  exports: [
    TrustedProxies,
    ContentSecurityExtras,
    UserGroupsPort,
    UserTokensPort,
    UserSessionsPort,
    FailedLaunchPort,
    CastLinkLookup,
    MetricsPort,
  ],
})
class WiringModule {}

/** Composes the domain modules; the only module apps/api owns. */
@Module({})
export class AppModule {
  static forRoot(config: CasterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(),
        DatabaseModule.forRoot(),
        ClusterModule,
        ScheduleModule.forRoot(),
        // Storage for every rate limit (sign-in, casting): Redis when configured, so limits hold across replicas.
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: 1_000_000 }],
          ...(config.redisUrl ? { storage: new ThrottlerStorageRedisService(config.redisUrl) } : {}),
        }),
        WiringModule,
        SettingsModule,
        UsersModule,
        AuthModule,
        GroupsModule,
        WorkspacesModule,
        SessionsModule,
        CastingModule,
        DeveloperApiModule,
        OpsModule,
      ],
    };
  }
}
