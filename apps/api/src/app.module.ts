import { Module, type DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ConfigModule, type CasterConfig } from '@caster/api/config';
import { LoggingModule, TrustedProxies } from '@caster/api/core';
import { DatabaseModule } from '@caster/api/database';
import { AuthModule } from '@caster/api/auth';
import { OpsModule } from '@caster/api/ops';
import { UsersModule } from '@caster/api/users';

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
        // Storage for every rate limit (sign-in, casting): Redis when configured, so limits hold across replicas.
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: 1_000_000 }],
          ...(config.redisUrl ? { storage: new ThrottlerStorageRedisService(config.redisUrl) } : {}),
        }),
        UsersModule,
        AuthModule,
        OpsModule,
      ],
      providers: [TrustedProxies],
      exports: [TrustedProxies],
    };
  }
}
