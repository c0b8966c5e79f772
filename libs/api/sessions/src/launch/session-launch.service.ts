import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type ClientSettings, type EffectiveSettings, type SessionFlags } from '@caster/contracts';
import { AppError, sessionLog } from '@caster/api/core';
import { ReplicaRegistry } from '@caster/api/database';
import { AgentsService } from '@caster/api/provisioning';
import { clientSettingsFromGroups } from './client-settings';
import { FailedLaunchPort, UserSettingsLookup, WorkspaceLookup, type WorkspaceForLaunch } from '../ports';
import { ProvisionerService } from './provisioner.service';
import { assertStreamable, connectionOf, isGatewayWorkspace, pickServer } from './rdp-gateway';
import { SessionExec } from './session-exec';
import { SessionsService } from '../sessions.service';
import { SessionsRepository, type Session } from '../state/sessions.repository';

export interface LaunchOptions {
  userId: string;
  username: string;
  anonymous: boolean;
  /**
   * The account was created for this launch alone (a casting visitor's anonymous account): it has
   * no sessions and no concurrent launch, so the per-user lock and limit count are skipped.
   */
  freshUser?: boolean;
  workspaceId: string;
  /** Dashboard launches check the user's groups; a casting link grants its workspace itself. */
  checkGroupPermission: boolean;
  kasmUrl?: string | null;
  network?: string | null;
  /** The casting link's enforced client settings; otherwise the user's groups decide. */
  clientSettings?: ClientSettings;
  flags?: Partial<Omit<SessionFlags, 'sharing'>>;
  /** Start in sharing mode (a view-only link exists from the start). */
  enableSharing?: boolean;
  castConfigId?: string | null;
  remoteApp?: { name: string; args: string } | null;
  /** Runs inside the transaction that records the session (casting takes its budget unit here). */
  withinTransaction?: (em: EntityManager) => Promise<void>;
  /**
   * Runs when provisioning fails after the answer was sent, on this replica only. What must be
   * given back even if this replica dies (a casting link's unit) goes through FailedLaunchPort.
   */
  onFailure?: (session: Session) => Promise<void>;
}

export interface Launched {
  session: Session;
  /** The session came warm from a staging pool. */
  staged: boolean;
}

/** Fills {username}, {user_id}, {image_id}/{workspace_id}; null when a value could escape its folder. */
export function profileHostPath(
  template: string,
  v: { username: string; userId: string; workspaceId: string },
): string | null {
  const safe = (x: string): string | null =>
    /^[A-Za-z0-9@._-]+$/.test(x) && x !== '.' && x !== '..' ? x : null;
  const username = safe(v.username);
  if (!username) return null;
  return template
    .replaceAll('{username}', username)
    .replaceAll('{user_id}', v.userId)
    .replaceAll('{image_id}', v.workspaceId)
    .replaceAll('{workspace_id}', v.workspaceId);
}

const DEFAULT_FLAGS: SessionFlags = {
  disableControlPanel: false,
  disableTips: false,
  sharing: false,
  fixedResolution: true,
};

/** Starting a session: checks, the atomic record (with a staged claim when one fits), then provisioning. */
@Injectable()
export class SessionLaunchService {
  private readonly logger = new Logger('SessionLaunch');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceLookup,
    private readonly settings: UserSettingsLookup,
    private readonly sessions: SessionsService,
    private readonly provisioner: ProvisionerService,
    private readonly agents: AgentsService,
    private readonly failed: FailedLaunchPort,
    private readonly replica: ReplicaRegistry,
    private readonly rows: SessionsRepository,
    private readonly exec: SessionExec,
  ) {}

  async launch(options: LaunchOptions): Promise<Launched> {
    const { workspace, settings } = await this.launchable(options);
    const clientSettings = options.clientSettings ?? clientSettingsFromGroups(settings);
    // A link workspace runs nothing; server and pool workspaces run an RDP gateway container.
    const direct = workspace.type === 'link';
    const plan: LaunchPlan = {
      options,
      workspace,
      maxSessions: settings.max_kasms_per_user,
      direct,
      clientSettings,
      profileVolume: profileVolumeFor(options, settings, workspace),
      fields: {
        userId: options.userId,
        clientSettings,
        flags: { ...DEFAULT_FLAGS, ...options.flags, sharing: false },
        kasmUrl: options.kasmUrl ?? (workspace.type === 'link' ? workspace.url : null),
        network: options.network ?? null,
        castConfigId: options.castConfigId ?? null,
        ...sessionExpiry(settings, workspace),
      },
    };
    // Waits for the engines' network isolation; refuses (503) when none is isolated.
    if (!direct) await this.agents.prepare(providerOf(workspace));
    const { session, staged } = await this.dataSource.transaction((em) => this.record(em, plan));

    if (options.enableSharing) await this.sessions.share(session, true);
    if (staged) {
      this.provisioner.transitionEvent(session.id, 'running');
      await this.handOver(session, workspace, 'assign');
    } else if (!direct) {
      this.provisioner.start(
        { session, workspace, username: options.username, profileVolume: plan.profileVolume },
        async (failed) => {
          await options.onFailure?.(failed);
          await this.failed.release(failed);
        },
      );
    }
    return { session, staged };
  }

  /** The workspace, if the caller may launch it now, and the caller's effective group settings. */
  private async launchable(
    options: LaunchOptions,
  ): Promise<{ workspace: WorkspaceForLaunch; settings: EffectiveSettings['settings'] }> {
    // Two independent reads, side by side: on the cold-cast path every round trip is launch time.
    const [workspace, effective] = await Promise.all([
      this.workspaces.forLaunch(options.workspaceId),
      this.settings.effectiveSettingsOf(options.userId),
    ]);
    if (!workspace) throw new AppError('NOT_FOUND', 'Workspace not found');
    if (options.checkGroupPermission && !(await this.workspaces.mayLaunch(options.userId, workspace.id))) {
      throw new AppError('NOT_FOUND', 'Workspace not found');
    }
    if (!workspace.enabled) throw new AppError('WORKSPACE_DISABLED', 'This workspace is disabled');
    if (workspace.type === 'container' && !workspace.image)
      throw new AppError('WORKSPACE_DISABLED', 'This workspace has no image');
    if (isGatewayWorkspace(workspace)) assertStreamable(workspace);
    return { workspace, settings: effective.settings };
  }

  /**
   * Records the session in one transaction: the per-user limit, the caller's own step (a casting
   * link's unit and share), then a warm staged session or a new one with its agent slot.
   */
  private async record(em: EntityManager, plan: LaunchPlan): Promise<Launched> {
    const { options, workspace, direct, fields } = plan;
    await this.assertUnderSessionLimit(em, options, plan.maxSessions);
    await options.withinTransaction?.(em);
    const gateway = isGatewayWorkspace(workspace);
    if (!direct && !gateway && !options.network && !plan.profileVolume) {
      const claimed = await this.rows.claimStaged(em, workspace.id, plan.clientSettings, fields);
      if (claimed) return { session: claimed, staged: true };
    }
    // The agent's slot is taken here, before any container exists, under a lock held until this
    // transaction commits: a burst never gets more slots than the agents have.
    const server = gateway ? await pickServer(em, this.rows, workspace) : null;
    const agent = direct ? null : await this.agents.reserve(providerOf(workspace), em);
    if (!direct && !agent) throw new AppError('NO_CAPACITY', 'Every session host is full');
    const session = await this.rows.insert(
      {
        ...fields,
        workspaceId: workspace.id,
        state: direct ? 'running' : 'provisioning',
        startedAt: direct ? new Date() : null,
        connection: server ? connectionOf(server, options.remoteApp) : null,
        serverId: server?.id ?? null,
        agentId: agent?.def.id ?? null,
        // Other replicas leave this launch alone while this one is alive (see the reconciler).
        launchedBy: direct ? null : this.replica.id,
      },
      em,
      fields.castConfigId ? 'cast by a link' : 'launched',
    );
    return { session, staged: false };
  }

  /**
   * One launch per user at a time, so two parallel requests cannot both pass the limit. An account
   * made for this very launch (an anonymous casting visitor) has no other launch to race.
   */
  private async assertUnderSessionLimit(
    em: EntityManager,
    options: LaunchOptions,
    max: number,
  ): Promise<void> {
    if (options.freshUser) return;
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`launch:${options.userId}`]);
    if (max <= 0) return;
    const n = await this.rows.countActive(options.userId, em);
    if (n >= max)
      throw new AppError('SESSION_LIMIT_REACHED', `You already have ${n} session(s); the limit is ${max}`, {
        limit: max,
      });
  }

  /**
   * A running session given to a user: a warm one just claimed (`assign`, then `go`), or a
   * resumed one with a new URL (`go` only). Without an exec config the image's open-URL hook
   * opens the URL — inside the session, never in the visitor's own browser.
   */
  async handOver(
    session: Session,
    workspace: Pick<WorkspaceForLaunch, 'execConfig'>,
    how: 'assign' | 'resume',
    kasmUrl: string | null = session.kasmUrl,
  ): Promise<void> {
    const stages = workspace.execConfig;
    if (stages.assign || stages.go) {
      if (how === 'assign') await this.exec.run(session, stages, 'assign', kasmUrl);
      await this.exec.run(session, stages, 'go', kasmUrl);
    } else if (kasmUrl) await this.openUrl(session, kasmUrl);
  }

  /** Resume with a new URL: opened inside the session (see handOver). */
  async resumeWith(session: Session, kasmUrl: string): Promise<void> {
    const workspace = await this.workspaces.forLaunch(session.workspaceId);
    await this.handOver(session, workspace ?? { execConfig: {} }, 'resume', kasmUrl);
  }

  /** Asks the session's image to open a URL: one argv element to its hook, never a shell. */
  async openUrl(session: Session, url: string): Promise<boolean> {
    const agent = this.agents.get(session.agentId);
    if (!agent || !session.containerId) return false;
    try {
      const result = await agent.exec(session.containerId, ['/usr/local/bin/caster-open-url', url]);
      return result.exitCode === 0;
    } catch (e) {
      this.logger.warn(sessionLog(session.id, 'open-url hook failed', { err: String(e) }));
      return false;
    }
  }
}

type GroupSettings = EffectiveSettings['settings'];

/** Gateways need a secret file written before start, which only plain Docker engines allow. */
function providerOf(workspace: WorkspaceForLaunch): WorkspaceForLaunch['provider'] {
  return isGatewayWorkspace(workspace) ? 'docker' : workspace.provider;
}

/** What a launch decided before its transaction. */
interface LaunchPlan {
  options: LaunchOptions;
  workspace: WorkspaceForLaunch;
  maxSessions: number;
  direct: boolean;
  clientSettings: ClientSettings;
  profileVolume: string | null;
  fields: Pick<
    Session,
    | 'userId'
    | 'clientSettings'
    | 'flags'
    | 'kasmUrl'
    | 'network'
    | 'castConfigId'
    | 'expiresAt'
    | 'hardExpiresAt'
  >;
}

/** Keepalive expiry and the hard limit (the group's or the workspace's, the shorter). */
function sessionExpiry(
  settings: GroupSettings,
  workspace: WorkspaceForLaunch,
  now = Date.now(),
): { expiresAt: Date; hardExpiresAt: Date | null } {
  const limits = [settings.session_time_limit, workspace.sessionTimeLimitSec ?? 0].filter((s) => s > 0);
  const hardExpiresAt = limits.length ? new Date(now + Math.min(...limits) * 1000) : null;
  let expiresAt = new Date(now + settings.keepalive_expiration * 1000);
  if (hardExpiresAt && expiresAt > hardExpiresAt) expiresAt = hardExpiresAt;
  return { expiresAt, hardExpiresAt };
}

/**
 * A persistent profile: the workspace's host path (inside VOLUME_ROOTS, checked when saved), with
 * its placeholders filled in, becomes the home directory. Anonymous visitors never get one.
 */
function profileVolumeFor(
  options: LaunchOptions,
  settings: GroupSettings,
  workspace: WorkspaceForLaunch,
): string | null {
  if (options.anonymous || !settings.allow_persistent_profile || !workspace.persistentProfilePath)
    return null;
  return profileHostPath(workspace.persistentProfilePath, {
    username: options.username,
    userId: options.userId,
    workspaceId: workspace.id,
  });
}
