import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KasmStatusResponse } from '@caster/contracts';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { AppError, ArgvSyntaxError, invalidFields, splitArgv } from '@caster/api/core';
import { GroupsService } from '@caster/api/groups';
import { AgentsService } from '@caster/api/provisioning';
import { SessionsService, type Session } from '@caster/api/sessions';
import { ConnectTokensService } from '../connect/connect-tokens.service';
import {
  MAX_ARG_LENGTH,
  MAX_ARGS,
  type ExecCommandResponseDto,
  type ExecConfigDto,
  type KasmListResponseDto,
  type KeepaliveResponseDto,
} from './dto/sessions.dto';
import { connectUrl, kasmTime } from './kasm-format';
import { toKasmId } from './kasm-ids';
import { KasmSessionPresenter } from './kasm-session-presenter';

const LIVE = new Set(['provisioning', 'starting', 'running']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** exec_command_kasm waits this long for the command; a longer one keeps running, unanswered. */
export const EXEC_WAIT_MS = 30_000;

/** Reading, keeping alive, stopping and exec'ing into the sessions of users. */
@Injectable()
export class KasmSessionsService {
  private readonly logger = new Logger('DeveloperApi');

  constructor(
    private readonly sessions: SessionsService,
    private readonly groups: GroupsService,
    private readonly agents: AgentsService,
    private readonly tokens: ConnectTokensService,
    private readonly presenter: KasmSessionPresenter,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /**
   * Always a `kasm` object, whatever the state. `kasm_url` opens the session while it is live; a
   * read-only key gets a view-only one (it may read, not act).
   */
  async status(session: Session, viewOnly: boolean): Promise<KasmStatusResponse> {
    const kasm = await this.presenter.present(session);
    const token = LIVE.has(session.state) ? await this.tokens.current(session.id, viewOnly) : null;
    return {
      current_time: kasmTime(new Date()),
      kasm,
      kasm_url: token ? connectUrl(this.config.publicUrl, session.id, token) : null,
    };
  }

  async list(): Promise<KasmListResponseDto> {
    return {
      current_time: kasmTime(new Date()),
      kasms: await this.presenter.presentAll(await this.sessions.listLive()),
    };
  }

  /** Stops the session and removes its container. Idempotent. */
  async destroy(session: Session): Promise<void> {
    await this.sessions.stop(session.id, 'destroyed through the Developer API');
    this.tokens.forget(session.id);
  }

  /** Extends the keepalive expiry by the owner's group setting keepalive_expiration. */
  async keepalive(session: Session): Promise<KeepaliveResponseDto> {
    if (!session.userId) throw new AppError('CONFLICT', 'The kasm has no user');
    const { settings } = await this.groups.effectiveSettingsOf(session.userId);
    const updated = await this.sessions.keepalive(session, settings.keepalive_expiration);
    return { usage_reached: false, expiration_date: kasmTime(updated.expiresAt ?? new Date()) };
  }

  /**
   * Runs a command in the session's container as an argv — never through a shell, so `;`, `|`,
   * `$VAR` and globs reach the program as plain text. Waits up to EXEC_WAIT_MS for it to finish.
   */
  async exec(session: Session, config: ExecConfigDto): Promise<ExecCommandResponseDto> {
    const argv = execArgv(config.cmd);
    const env = execEnv(config.environment);
    if (session.state !== 'running' || !session.containerId)
      throw new AppError('CONFLICT', `The kasm is ${session.state}, not running`);
    const agent = this.agents.get(session.agentId);
    if (!agent) throw new AppError('SERVICE_UNAVAILABLE', 'The host of this session is not available');

    const run = agent.exec(session.containerId, argv, {
      ...(config.user ? { user: config.user } : {}),
      ...(config.workdir ? { workdir: config.workdir } : {}),
      ...(env.length ? { env } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), EXEC_WAIT_MS);
    });
    try {
      const result = await Promise.race([run, waited]);
      if (result === null) {
        run.catch((e: unknown) => this.logger.warn(`exec in session ${session.id} failed: ${String(e)}`));
      }
      return {
        current_time: kasmTime(new Date()),
        kasm_id: toKasmId(session.id),
        exit_code: result?.exitCode ?? null,
        output: result?.output ?? null,
      };
    } catch (e) {
      this.logger.warn(`exec in session ${session.id} failed: ${String(e)}`);
      throw new AppError('SERVICE_UNAVAILABLE', 'The command could not be run in the session');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** exec_config.cmd as argv: a list taken as it is, or a command line split into words (no shell). */
export function execArgv(cmd: unknown): string[] {
  let argv: unknown[];
  if (Array.isArray(cmd)) argv = cmd;
  else if (typeof cmd === 'string') {
    try {
      argv = splitArgv(cmd);
    } catch (e) {
      if (e instanceof ArgvSyntaxError) throw invalidFields({ 'exec_config.cmd': e.message });
      throw e;
    }
  } else throw invalidFields({ 'exec_config.cmd': 'must be a list of strings or a string' });
  if (argv.length === 0 || (typeof argv[0] === 'string' && argv[0] === ''))
    throw invalidFields({ 'exec_config.cmd': 'names no program' });
  if (argv.length > MAX_ARGS) throw invalidFields({ 'exec_config.cmd': `at most ${MAX_ARGS} arguments` });
  if (
    !argv.every((a): a is string => typeof a === 'string' && a.length <= MAX_ARG_LENGTH && !a.includes('\0'))
  )
    throw invalidFields({
      'exec_config.cmd': `every argument must be a string of at most ${MAX_ARG_LENGTH} characters`,
    });
  return argv;
}

/** exec_config.environment as NAME=value strings. */
export function execEnv(environment: Record<string, unknown> | undefined): string[] {
  const env: string[] = [];
  for (const [name, value] of Object.entries(environment ?? {})) {
    if (
      !ENV_NAME.test(name) ||
      typeof value !== 'string' ||
      value.length > MAX_ARG_LENGTH ||
      value.includes('\0')
    )
      throw invalidFields({ [`exec_config.environment.${name}`]: 'must be NAME: "string value"' });
    env.push(`${name}=${value}`);
  }
  return env;
}
