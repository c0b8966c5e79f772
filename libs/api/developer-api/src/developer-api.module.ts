import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '@caster/api/auth';
import { CastingModule } from '@caster/api/casting';
import { GroupsModule } from '@caster/api/groups';
import { SessionsModule } from '@caster/api/sessions';
import { UsersModule } from '@caster/api/users';
import { WorkspacesModule } from '@caster/api/workspaces';
import { ConnectTokensService } from './connect/connect-tokens.service';
import { ConnectController } from './connect/connect.controller';
import { ConnectService } from './connect/connect.service';
import { ApiKeyGuard } from './kasm/api-key.guard';
import { KasmCastingService } from './kasm/kasm-casting.service';
import { KasmCatalogController } from './kasm/kasm-catalog.controller';
import { KasmLaunchService } from './kasm/kasm-launch.service';
import { KasmSessionPresenter } from './kasm/kasm-session-presenter';
import { KasmSessionsController } from './kasm/kasm-sessions.controller';
import { KasmSessionsService } from './kasm/kasm-sessions.service';
import { KasmUsersController } from './kasm/kasm-users.controller';
import { KasmUsersService } from './kasm/kasm-users.service';
import { UserProfileEntity } from './kasm/user-profile.entity';

/**
 * For integrators: the Kasm-compatible Developer API (POST /api/public/<name>, guarded by
 * ApiKeyGuard with the keys of auth's ApiKeysModule) and the connect path (/api/connect) that turns
 * the `kasm_url` it hands out into a browser's access to one session.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserProfileEntity]),
    ApiKeysModule,
    UsersModule,
    GroupsModule,
    WorkspacesModule,
    SessionsModule,
    CastingModule,
  ],
  controllers: [KasmSessionsController, KasmUsersController, KasmCatalogController, ConnectController],
  providers: [
    ApiKeyGuard,
    ConnectTokensService,
    ConnectService,
    KasmSessionPresenter,
    KasmLaunchService,
    KasmSessionsService,
    KasmUsersService,
    KasmCastingService,
  ],
})
export class DeveloperApiModule {}
