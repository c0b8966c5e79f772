import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InputCharactersGuard } from '@caster/api/core';
import { UsersModule } from '@caster/api/users';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthTokenEntity } from './auth-token.entity';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthGuard } from './guards/auth.guard';
import { LoginThrottleGuard } from './guards/login-throttle.guard';
import { TokensService } from './tokens.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuthTokenEntity]), UsersModule],
  controllers: [AuthController],
  providers: [
    TokensService,
    AuthService,
    LoginThrottleGuard,
    AdminBootstrapService,
    // Global guards run in this order: refuse control characters before anything reads the request.
    { provide: APP_GUARD, useClass: InputCharactersGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokensService, AuthService],
})
export class AuthModule {}
