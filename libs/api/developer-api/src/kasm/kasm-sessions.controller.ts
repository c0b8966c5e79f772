import { Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KasmRequestKasmResponse, KasmStatusResponse } from '@caster/contracts';
import type { ApiKeyPrincipal } from '@caster/api/auth';
import { CurrentApiKey } from './current-api-key';
import { KasmEmptyDto } from './dto/common.dto';
import {
  ExecCommandKasmDto,
  ExecCommandResponseDto,
  JoinKasmDto,
  JoinKasmResponseDto,
  KasmListResponseDto,
  KasmRefDto,
  KasmStatusResponseDto,
  KeepaliveResponseDto,
  RequestKasmDto,
  RequestKasmResponseDto,
} from './dto/sessions.dto';
import { KasmCredentialsDto } from './dto/common.dto';
import { KasmOk, KasmPermission, KasmRead } from './kasm-access';
import { KasmBody, type KasmRequest } from './kasm-body.pipe';
import { KasmLaunchService } from './kasm-launch.service';
import { KasmSessionPresenter } from './kasm-session-presenter';
import { KasmSessionsService } from './kasm-sessions.service';

export const KASM_TAG = 'developer api (Kasm-compatible)';

/** Sessions ("kasms") for users, Kasm's way. Access: see @KasmPermission (ApiKeyGuard). */
@ApiTags(KASM_TAG)
@Controller('public')
export class KasmSessionsController {
  constructor(
    private readonly launch: KasmLaunchService,
    private readonly kasms: KasmSessionsService,
    private readonly presenter: KasmSessionPresenter,
  ) {}

  @Post('request_kasm')
  @KasmPermission('user', 'users_auth_session')
  @ApiOperation({
    summary: 'Launch a workspace for a user; answers at once with the connect URL (poll get_kasm_status)',
  })
  @ApiBody({ type: RequestKasmDto })
  @KasmOk(RequestKasmResponseDto)
  requestKasm(@KasmBody(RequestKasmDto) body: KasmRequest<RequestKasmDto>): Promise<KasmRequestKasmResponse> {
    return this.launch.requestKasm(body);
  }

  @Post('get_kasm_status')
  @KasmPermission('user', 'users_auth_session')
  @KasmRead()
  @ApiOperation({ summary: 'The state of a session, always as a `kasm` object, with its connect URL' })
  @ApiBody({ type: KasmRefDto })
  @KasmOk(KasmStatusResponseDto)
  async getKasmStatus(
    @KasmBody(KasmRefDto) body: KasmRequest<KasmRefDto>,
    @CurrentApiKey() key: ApiKeyPrincipal,
  ): Promise<KasmStatusResponse> {
    return this.kasms.status(await this.presenter.session(body.kasm_id, body.user_id), key.readOnly);
  }

  @Post('join_kasm')
  @KasmPermission('user', 'users_auth_session')
  @ApiOperation({ summary: 'A view-only connect URL for a shared session (by share_id)' })
  @ApiBody({ type: JoinKasmDto })
  @KasmOk(JoinKasmResponseDto)
  joinKasm(@KasmBody(JoinKasmDto) body: KasmRequest<JoinKasmDto>): Promise<JoinKasmResponseDto> {
    return this.launch.joinKasm(body);
  }

  @Post('get_kasms')
  @KasmPermission('sessions_view')
  @KasmRead()
  @ApiOperation({ summary: "Every user's live sessions" })
  @ApiBody({ type: KasmCredentialsDto })
  @KasmOk(KasmListResponseDto)
  getKasms(): Promise<KasmListResponseDto> {
    return this.kasms.list();
  }

  @Post('destroy_kasm')
  @KasmPermission('user', 'users_auth_session')
  @ApiOperation({ summary: 'Stop a session and remove its container' })
  @ApiBody({ type: KasmRefDto })
  @KasmOk(KasmEmptyDto, '{}')
  async destroyKasm(@KasmBody(KasmRefDto) body: KasmRequest<KasmRefDto>): Promise<KasmEmptyDto> {
    await this.kasms.destroy(await this.presenter.session(body.kasm_id, body.user_id));
    return {};
  }

  @Post('keepalive')
  @KasmPermission('user', 'users_auth_session')
  @ApiOperation({ summary: "Push a session's keepalive expiry back (by the group's keepalive_expiration)" })
  @ApiBody({ type: KasmRefDto })
  @KasmOk(KeepaliveResponseDto)
  async keepalive(@KasmBody(KasmRefDto) body: KasmRequest<KasmRefDto>): Promise<KeepaliveResponseDto> {
    return this.kasms.keepalive(await this.presenter.session(body.kasm_id, body.user_id));
  }

  @Post('exec_command_kasm')
  @KasmPermission('sessions_modify')
  @ApiOperation({
    summary: 'Run a command in a running session (argv, never a shell); waits up to 30 s for its output',
  })
  @ApiBody({ type: ExecCommandKasmDto })
  @KasmOk(ExecCommandResponseDto)
  async execCommandKasm(
    @KasmBody(ExecCommandKasmDto) body: KasmRequest<ExecCommandKasmDto>,
  ): Promise<ExecCommandResponseDto> {
    return this.kasms.exec(await this.presenter.session(body.kasm_id, body.user_id), body.exec_config);
  }
}
