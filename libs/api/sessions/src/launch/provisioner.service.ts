import { Inject, Injectable, Logger } from '@nestjs/common';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import type { SessionState } from '@caster/contracts';
import { sessionLog } from '@caster/api/core';
import {
  AgentsService,
  LABELS,
  ProvisionWorkflow,
  type ContainerLaunchSpec,
  type LaunchProgress,
} from '@caster/api/provisioning';
import { clientSettingsEnv } from './client-settings';
import { SessionExec } from './session-exec';
import { GATEWAY_RESOURCES, gatewayLaunch, isGatewayWorkspace } from './rdp-gateway';
import type { WorkspaceForLaunch } from '../ports';
import { SessionEvents } from '../state/session-events';
import { SessionsRepository, type Session, type SessionPatch } from '../state/sessions.repository';

export const SESSION_PORT = 6901;

export interface ProvisionInput {
  session: Session;
  workspace: WorkspaceForLaunch;
  username: string | null;
  /** Host folder mounted as the home directory (persistent profile; signed-in users only). */
  profileVolume?: string | null;
}

/**
 * Moves sessions through their states (each move a conditional UPDATE, told to viewers), and
 * starts a `provisioning` session's container: the session's spec is made here, the engine work is
 * libs/api/provisioning's ProvisionWorkflow, which reports back through a LaunchProgress bound to
 * the session — so a session stopped meanwhile is noticed and nothing is left running.
 */
@Injectable()
export class ProvisionerService {
  private readonly logger = new Logger('Provisioner');
  /** Launches in flight, so shutdown and tests can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly agents: AgentsService,
    private readonly events: SessionEvents,
    private readonly workflow: ProvisionWorkflow,
    private readonly exec: SessionExec,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
  ) {}

  /** Starts provisioning in the background; the caller answers its HTTP request at once. */
  start(input: ProvisionInput, onFailure?: (session: Session) => Promise<void>): void {
    const progress = this.progress(input, onFailure);
    const run = Promise.resolve()
      .then(() =>
        this.workflow.run(
          {
            sessionId: input.session.id,
            agentId: input.session.agentId,
            provider: input.workspace.provider,
            spec: this.spec(input),
            recordedAt: input.session.createdAt,
            staged: input.session.stagingConfigId !== null && input.session.userId === null,
          },
          progress,
        ),
      )
      // A spec that cannot be made (a gateway whose server vanished) fails the session, coded.
      .catch((e: unknown) => progress.failed('PROVISION_FAILED', e instanceof Error ? e.message : String(e)))
      .catch((e: unknown) =>
        this.logger.error(sessionLog(input.session.id, 'provisioning failed', { err: e })),
      );
    this.track(run);
  }

  /** Work in the background that shutdown and tests wait for (drain). */
  private track(run: Promise<void>): void {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Tells viewers about a state change made elsewhere (e.g. a stop's first step). */
  transitionEvent(sessionId: string, state: SessionState): void {
    this.events.emit({ sessionId, state, at: new Date().toISOString() });
  }

  /** Moves `from` → `to` only if the session is still in `from`; false when it moved on (stopped). */
  async transition(
    id: string,
    from: SessionState[],
    to: SessionState,
    patch: SessionPatch = {},
  ): Promise<boolean> {
    if (!(await this.sessions.transition(id, from, to, patch))) return false;
    this.events.emit({
      sessionId: id,
      state: to,
      at: new Date().toISOString(),
      ...(to === 'failed' && patch.failureCode
        ? { failure: { code: patch.failureCode, message: patch.failureMessage ?? '' } }
        : {}),
    });
    return true;
  }

  /** The session's side of the workflow: each step a transition of this session. */
  private progress(input: ProvisionInput, onFailure?: (s: Session) => Promise<void>): LaunchProgress {
    const { session, workspace } = input;
    const id = session.id;
    const staged = session.stagingConfigId !== null && session.userId === null;
    let placed = { agentId: session.agentId, containerId: session.containerId };
    return {
      started: (p) => {
        placed = { agentId: p.agentId, containerId: p.containerId };
        return this.transition(id, ['provisioning'], 'starting', {
          agentId: p.agentId,
          containerId: p.containerId,
          host: p.host,
          port: p.port,
        });
      },
      ready: async (at) => {
        const moved = await this.transition(id, ['starting'], staged ? 'staged' : 'running', {
          startedAt: at,
        });
        // The exec config's first stages, in the background: the session is usable already.
        if (moved) this.track(this.exec.firstStart({ ...session, ...placed }, workspace.execConfig, !staged));
        return moved;
      },
      failed: (code, message) => this.fail({ ...session, ...placed }, code, message, onFailure),
      isOver: async () => {
        const state = (await this.sessions.get(id))?.state;
        return state === 'stopping' || state === 'stopped' || state === 'failed';
      },
    };
  }

  private async fail(
    session: Session,
    code: string,
    message: string,
    onFailure?: (s: Session) => Promise<void>,
  ): Promise<void> {
    const failureMessage = message.slice(0, 1000);
    const moved = await this.transition(session.id, ['provisioning', 'starting'], 'failed', {
      failureCode: code,
      failureMessage,
      stoppedAt: new Date(),
    });
    if (!moved) return;
    // After the cast answered 201 nobody else sees this: say it where an operator looks.
    this.logger.warn(
      sessionLog(session.id, 'launch failed', {
        code,
        reason: failureMessage,
        castConfigId: session.castConfigId,
        workspaceId: session.workspaceId,
        agentId: session.agentId,
        userId: session.userId,
      }),
    );
    if (onFailure) await onFailure({ ...session, failureCode: code, failureMessage });
  }

  /** What the engine is asked to run: the workspace's container with the session's environment. */
  private spec(input: ProvisionInput): ContainerLaunchSpec {
    return isGatewayWorkspace(input.workspace) ? this.gatewaySpec(input) : this.containerSpec(input);
  }

  private containerSpec(input: ProvisionInput): ContainerLaunchSpec {
    const { session, workspace } = input;
    return {
      name: `caster-${session.id}`,
      image: workspace.image ?? '',
      cores: workspace.cores,
      memoryMb: workspace.memoryMb,
      network: session.network,
      internetAccess: workspace.internetAccess,
      containerPort: SESSION_PORT,
      hostConfig: {
        ...workspace.hostConfig,
        ...(input.profileVolume
          ? { Binds: [...(workspace.hostConfig.Binds ?? []), `${input.profileVolume}:/home/kasm-user`] }
          : {}),
      },
      containerConfig: workspace.containerConfig,
      placement: workspace.placementConstraints,
      env: {
        ...workspace.env,
        ...this.sessionEnv(input),
        KASM_URL: session.kasmUrl ?? '',
        // Last, so no workspace env can replace it: the session's port answers only to the proxy.
        CASTER_PROXY_SECRET: session.proxySecret,
      },
      labels: this.labels(input),
    };
  }

  /**
   * A server or pool session: Caster's RDP gateway image (FreeRDP on a streamed display) connected
   * to the session's server, the password as a file written before start. Nothing of the
   * workspace's own container options applies (it has none); the gateway is hardened like any
   * session and joins the sessions network with internet access, so it reaches the server as an
   * outside address (never the Docker host or another session), and its egress is fenced to that
   * server's address and port.
   */
  private gatewaySpec(input: ProvisionInput): ContainerLaunchSpec {
    const { session, workspace } = input;
    const server = workspace.servers.find((s) => s.id === session.serverId);
    if (!session.connection || !server)
      throw new Error(`gateway session ${session.id} has no server (was it removed meanwhile?)`);
    const gateway = gatewayLaunch(session.connection, server, session.flags);
    return {
      name: `caster-${session.id}`,
      image: this.config.docker.rdpGatewayImage,
      ...GATEWAY_RESOURCES,
      internetAccess: true,
      containerPort: SESSION_PORT,
      env: {
        ...this.sessionEnv(input),
        ...gateway.env,
        CASTER_PROXY_SECRET: session.proxySecret,
      },
      files: gateway.files,
      // The visitor drives FreeRDP only, but the gateway is theirs: it reaches its server, nothing else.
      egressOnly: { host: session.connection.hostname, port: session.connection.port },
      labels: this.labels(input),
    };
  }

  private sessionEnv({ session, username }: ProvisionInput): Record<string, string> {
    return {
      ...clientSettingsEnv(session.clientSettings),
      CASTER_SESSION_ID: session.id,
      CASTER_USER: username ?? '',
    };
  }

  private labels({ session, workspace }: ProvisionInput): Record<string, string> {
    return {
      [LABELS.instance]: this.agents.instanceId,
      [LABELS.session]: session.id,
      [LABELS.workspace]: workspace.id,
      [LABELS.owner]: session.userId ?? '',
    };
  }
}
