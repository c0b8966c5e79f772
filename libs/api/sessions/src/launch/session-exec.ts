import { Injectable, Logger } from '@nestjs/common';
import { sessionLog } from '@caster/api/core';
import { AgentsService } from '@caster/api/provisioning';
import type { ExecStages } from '../ports';
import type { Session } from '../state/sessions.repository';

/** How long a stage is waited for; it keeps running in the container after that. */
const STAGE_WAIT_MS = 15_000;

export type ExecStage = keyof ExecStages;

/**
 * Runs the stages of a workspace's Kasm exec config in a session's container, as Kasm defines
 * them: `first_launch` once the container first answers, `go` whenever the session is handed to a
 * user (new, claimed from a pool, resumed), `assign` when a warm staged session is claimed. Each is
 * a `docker exec` of the argv saved by the administrator; the visitor's only input, the URL, goes
 * in as the environment variable KASM_URL — never into the command line, and no shell is started
 * unless the administrator's own argv names one (where "$KASM_URL" stays one word when quoted).
 */
@Injectable()
export class SessionExec {
  private readonly logger = new Logger('SessionExec');

  constructor(private readonly agents: AgentsService) {}

  /** Answers null when the workspace has no such stage, else whether it ran and exited 0. */
  async run(
    session: Pick<Session, 'id' | 'agentId' | 'containerId'>,
    stages: ExecStages,
    stage: ExecStage,
    kasmUrl: string | null,
  ): Promise<boolean | null> {
    const step = stages[stage];
    if (!step) return null;
    const agent = this.agents.get(session.agentId);
    if (!agent || !session.containerId) return false;
    const env = [
      ...Object.entries(step.env).map(([k, v]) => `${k}=${v}`),
      // Last: the stage's own environment cannot replace what the session was given.
      `KASM_URL=${kasmUrl ?? ''}`,
      `CASTER_SESSION_ID=${session.id}`,
    ];
    const run = agent.exec(session.containerId, step.argv, {
      env,
      ...(step.user ? { user: step.user } : {}),
      ...(step.workdir ? { workdir: step.workdir } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waiting'>((r) => (timer = setTimeout(() => r('waiting'), STAGE_WAIT_MS)));
    try {
      const result = await Promise.race([run, waited]);
      if (result === 'waiting') {
        // Still running (a stage may start a long-lived program): not a failure.
        run.catch((e: unknown) => this.warn(session.id, stage, e));
        return true;
      }
      if (result.exitCode !== 0)
        this.logger.warn(sessionLog(session.id, `exec config stage ${stage} exited ${result.exitCode}`));
      return result.exitCode === 0;
    } catch (e) {
      this.warn(session.id, stage, e);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `first_launch` then, for a session that already has its user, `go` — in this order. */
  async firstStart(
    session: Pick<Session, 'id' | 'agentId' | 'containerId' | 'kasmUrl'>,
    stages: ExecStages,
    owned: boolean,
  ): Promise<void> {
    await this.run(session, stages, 'first_launch', session.kasmUrl);
    if (owned) await this.run(session, stages, 'go', session.kasmUrl);
  }

  private warn(sessionId: string, stage: string, e: unknown): void {
    this.logger.warn(sessionLog(sessionId, `exec config stage ${stage} failed`, { err: String(e) }));
  }
}
