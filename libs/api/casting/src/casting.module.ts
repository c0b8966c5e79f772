import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GroupsModule } from '@caster/api/groups';
import { SessionEntity, SessionsModule } from '@caster/api/sessions';
import { SettingsModule } from '@caster/api/settings';
import { UsersModule } from '@caster/api/users';
import { WorkspacesModule } from '@caster/api/workspaces';
import { AdminCastingController } from './admin-casting.controller';
import { CaptchaVerifierService } from './captcha-verifier.service';
import { CastClaimEntity } from './cast-claim.entity';
import { CastConfigEntity } from './cast-config.entity';
import { CastLaunchService } from './cast-launch.service';
import { CastController } from './cast.controller';
import { FailedCastRelease } from './failed-cast-release.service';
import { CastingService } from './casting.service';
import { CaptchaGuard } from './guards/captcha.guard';
import { CastConfigGuard } from './guards/cast-config.guard';
import { CastOriginGuard } from './guards/cast-origin.guard';
import { CastIdentityGuard } from './guards/cast-identity.guard';
import { CastParamsGuard } from './guards/cast-params.guard';
import { CastRateLimitGuard } from './guards/cast-rate-limit.guard';
import { ReferrerGuard } from './guards/referrer.guard';

@Module({
  imports: [
    TypeOrmModule.forFeature([CastConfigEntity, CastClaimEntity, SessionEntity]),
    SessionsModule,
    WorkspacesModule,
    GroupsModule,
    UsersModule,
    SettingsModule,
  ],
  controllers: [CastController, AdminCastingController],
  providers: [
    CastingService,
    CastLaunchService,
    FailedCastRelease,
    CaptchaVerifierService,
    CastOriginGuard,
    CastConfigGuard,
    ReferrerGuard,
    CastRateLimitGuard,
    CaptchaGuard,
    CastIdentityGuard,
    CastParamsGuard,
  ],
  exports: [CastingService, FailedCastRelease],
})
export class CastingModule {}
