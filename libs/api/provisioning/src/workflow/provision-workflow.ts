import { Injectable } from '@nestjs/common';
import type { WorkspaceProvider } from '@caster/contracts';
import { MetricsPort } from '@caster/api/core';
import { ProvisionError } from '../provision-error';
import { waitForHttp } from '../readiness';
import type { ContainerLaunchSpec, SessionAgent } from '../session-agent';
import { AgentsService } from './agents.service';

const READY_TIMEOUT_MS = 60_000;

/** One container to bring up for a session that is recorded as `provisioning`. */
export interface ProvisionJob {
  sessionId: string;
  /** The agent whose slot the launch reserved; null: reserve one now (a staging pool's session). */
  agentId: string | null;
  provider: WorkspaceProvider | null;
  spec: ContainerLaunchSpec;
  /** When the session was recorded, for the time-to-ready metric (not kept for warm sessions). */
  recordedAt: Date;
  /** A warm session for a staging pool: ends `staged`, not `running`. */
  staged: boolean;
}

/** Where the container runs once it exists. */
export interface Placement {
  agentId: string;
  containerId: string;
  host: string;
  port: number;
}

/**
 * How the workflow moves its session along; implemented by the sessions module, which owns the
 * session's state. Each step answers false when the session moved on meanwhile (stopped by its
 * owner, failed by another replica): the workflow then removes what it made and stops.
 */
export interface LaunchProgress {
  /** provisioning → starting, with the placement. */
  started(placement: Placement): Promise<boolean>;
  /** starting → running (or staged). */
  ready(at: Date): Promise<boolean>;
  /** provisioning/starting → failed, with a coded reason. */
  failed(code: 'NO_CAPACITY' | 'PROVISION_FAILED', message: string): Promise<void>;
  /** After `ready` answered false: whether the session is over (its container must go). */
  isOver(): Promise<boolean>;
}

/**
 * Turns a recorded session into a running container: takes a slot on an agent, creates and starts
 * the container, waits until its port answers HTTP. Nothing is left running when a step fails or
 * the session was stopped meanwhile.
 */
@Injectable()
export class ProvisionWorkflow {
  constructor(
    private readonly agents: AgentsService,
    private readonly metrics: MetricsPort,
  ) {}

  async run(job: ProvisionJob, progress: LaunchProgress): Promise<void> {
    const agent = job.agentId
      ? this.agents.get(job.agentId)
      : await this.agents.reserveFor(job.sessionId, job.provider);
    if (!agent) return progress.failed('NO_CAPACITY', 'every session host is full');
    let launched;
    try {
      launched = await agent.launch(job.spec);
    } catch (e) {
      const reason = e instanceof ProvisionError ? e.reason : 'ENGINE_ERROR';
      return progress.failed('PROVISION_FAILED', `${reason}: ${message(e)}`);
    }
    const placement = { agentId: agent.def.id, ...launched };
    if (!(await progress.started(placement))) {
      // Stopped while the container was being created.
      await agent.remove(launched.containerId);
      return;
    }
    if (!(await this.becomesReady(agent, placement, progress))) return;
    const now = new Date();
    if (await progress.ready(now)) {
      if (!job.staged)
        this.metrics.sessionReady(
          { provider: agent.kind, agent: agent.def.id },
          (now.getTime() - job.recordedAt.getTime()) / 1000,
        );
    } else if (await progress.isOver()) {
      // Stopped meanwhile, or failed by another replica that took this one for dead.
      await agent.remove(launched.containerId);
    }
  }

  private async becomesReady(
    agent: SessionAgent,
    placement: Placement,
    progress: LaunchProgress,
  ): Promise<boolean> {
    try {
      await waitForHttp(placement.host, placement.port, {
        timeoutMs: READY_TIMEOUT_MS,
        isAlive: () => agent.isRunning(placement.containerId),
      });
      return true;
    } catch (e) {
      await agent.remove(placement.containerId);
      await progress.failed('PROVISION_FAILED', `NOT_READY: ${message(e)}`);
      return false;
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
