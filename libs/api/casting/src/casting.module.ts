import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupsModule } from '@caster/api/groups';
import { SessionsModule } from '@caster/api/sessions';
import { SettingsModule } from '@caster/api/settings';
import { UsersModule } from '@caster/api/users';
import { WorkspacesModule } from '@caster/api/workspaces';
import { AdminCastingController } from './admin-casting.controller';
import { AnonymousLaunch } from './anonymous-launch.service';
import { CaptchaVerifierService } from './captcha-verifier.service';
import { CastClaimEntity } from './cast-claim.entity';
import { CastConfigEntity } from './cast-config.entity';
import { CastTestVisitEntity } from './cast-test-visit.entity';
import { CastTestVisits } from './cast-test-visits.service';
import { CastLaunchService } from './cast-launch.service';
import { CastController } from './cast.controller';
import { FailedCastRelease } from './failed-cast-release.service';
import { CastHealthService } from './health/cast-health.service';
import { CastingService } from './casting.service';
import { RemoteAppDryRun } from './remote-app-dry-run.service';
import { BodyPolicy } from './policy/body.policy';
import { CaptchaPolicy } from './policy/captcha.policy';
import { ExpiryPolicy } from './policy/expiry.policy';
import { IdentityPolicy } from './policy/identity.policy';
import { LinkPolicy } from './policy/link.policy';
import { OriginPolicy } from './policy/origin.policy';
import { ParamsPolicy } from './policy/params.policy';
import { RateLimitPolicy } from './policy/rate-limit.policy';
import { ReferrerPolicy } from './policy/referrer.policy';
import { CastPipeline } from './pipeline/cast-pipeline';

@Module({
  imports: [
    TypeOrmModule.forFeature([CastConfigEntity, CastClaimEntity, CastTestVisitEntity]),
    SessionsModule,
    WorkspacesModule,
    GroupsModule,
    UsersModule,
    SettingsModule,
  ],
  controllers: [CastController, AdminCastingController],
  providers: [
    CastingService,
    CastTestVisits,
    RemoteAppDryRun,
    AnonymousLaunch,
    CastLaunchService,
    FailedCastRelease,
    CastHealthService,
    CaptchaVerifierService,
    CastPipeline,
    OriginPolicy,
    BodyPolicy,
    LinkPolicy,
    ExpiryPolicy,
    ReferrerPolicy,
    RateLimitPolicy,
    CaptchaPolicy,
    IdentityPolicy,
    ParamsPolicy,
  ],
  exports: [CastingService, FailedCastRelease, AnonymousLaunch],
})
export class CastingModule {}
