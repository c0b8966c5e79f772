import { Injectable, Logger } from '@nestjs/common';
import type { SessionState } from '@caster/contracts';
import { MetricsPort, sessionLog } from '@caster/api/core';
import { LABELS, ProvisionError, waitForHttp, type ContainerLaunchSpec } from '@caster/api/provisioning';
import { AgentsService } from './agents.service';
import { clientSettingsEnv } from './client-settings';
import type { WorkspaceForLaunch } from './ports';
import { SessionEvents } from './state/session-events';
import { SessionsRepository, type Session, type SessionPatch } from './state/sessions.repository';

export const SESSION_PORT = 6901;
const READY_TIMEOUT_MS = 60_000;

export interface ProvisionInput {
  session: Session;
  workspace: WorkspaceForLaunch;
  username: string | null;
  /** Host folder mounted as the home directory (persistent profile; signed-in users only). */
  profileVolume?: string | null;
}

/**
 * Turns a `provisioning` session into a running container: picks an agent, creates and starts the
 * container, waits until its port answers. Every step moves the state with a conditional UPDATE,
 * so a session stopped meanwhile is noticed and its container removed — nothing is left running.
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
    private readonly metrics: MetricsPort,
  ) {}

  /** Starts provisioning in the background; the caller answers its HTTP request at once. */
  start(input: ProvisionInput, onFailure?: (session: Session) => Promise<void>): void {
    const run = this.provision(input, onFailure).catch((e: unknown) =>
      this.logger.error(sessionLog(input.session.id, 'provisioning failed', { err: e })),
    );
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

  private async provision(input: ProvisionInput, onFailure?: (s: Session) => Promise<void>): Promise<void> {
    const { session, workspace } = input;
    // Launches reserve their slot when they are recorded; a staging pool's session takes it here.
    const agent = session.agentId
      ? this.agents.get(session.agentId)
      : await this.agents.reserveFor(session.id, workspace.provider);
    if (!agent) return this.fail(session, 'NO_CAPACITY', 'every session host is full', onFailure);
    const staged = session.stagingConfigId !== null && session.userId === null;
    const spec: ContainerLaunchSpec = {
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
        ...clientSettingsEnv(session.clientSettings),
        KASM_URL: session.kasmUrl ?? '',
        CASTER_SESSION_ID: session.id,
        CASTER_USER: input.username ?? '',
        // Last, so no workspace env can replace it: the session's port answers only to the proxy.
        CASTER_PROXY_SECRET: session.proxySecret,
      },
      labels: {
        [LABELS.instance]: this.agents.instanceId,
        [LABELS.session]: session.id,
        [LABELS.workspace]: workspace.id,
        [LABELS.owner]: session.userId ?? '',
      },
    };
    let launched;
    try {
      launched = await agent.launch(spec);
    } catch (e) {
      const reason = e instanceof ProvisionError ? e.reason : 'ENGINE_ERROR';
      const message = e instanceof Error ? e.message : String(e);
      return this.fail(session, 'PROVISION_FAILED', `${reason}: ${message}`, onFailure);
    }
    const moved = await this.transition(session.id, ['provisioning'], 'starting', {
      agentId: agent.def.id,
      containerId: launched.containerId,
      host: launched.host,
      port: launched.port,
    });
    if (!moved) {
      // Stopped while the container was being created.
      await agent.remove(launched.containerId);
      return;
    }
    try {
      await waitForHttp(launched.host, launched.port, {
        timeoutMs: READY_TIMEOUT_MS,
        isAlive: () => agent.isRunning(launched.containerId),
      });
    } catch (e) {
      await agent.remove(launched.containerId);
      return this.fail(
        session,
        'PROVISION_FAILED',
        `NOT_READY: ${e instanceof Error ? e.message : String(e)}`,
        onFailure,
      );
    }
    const now = new Date();
    const ready = await this.transition(session.id, ['starting'], staged ? 'staged' : 'running', {
      startedAt: now,
    });
    if (ready && !staged)
      this.metrics.sessionReady(
        { provider: agent.kind, agent: agent.def.id },
        (now.getTime() - session.createdAt.getTime()) / 1000,
      );
    if (!ready) {
      const current = await this.sessions.get(session.id);
      // Stopped meanwhile, or failed by another replica that took this one for dead.
      if (current?.state === 'stopping' || current?.state === 'stopped' || current?.state === 'failed')
        await agent.remove(launched.containerId);
    }
  }
}
