import { Injectable } from '@nestjs/common';
import type { CastConfig, CastHealth, WorkspaceProvider } from '@caster/contracts';
import { AgentsService } from '@caster/api/provisioning';
import { SessionsRepository } from '@caster/api/sessions';
import { SettingsService } from '@caster/api/settings';
import { WorkspacesService } from '@caster/api/workspaces';
import { castHealth } from './cast-health';

/**
 * Gathers what castHealth decides from, for a page of links at once: the CAPTCHA settings, each
 * workspace, each image and each provider's free slots are looked up once per call however many
 * links share them. An engine that does not answer counts as lacking the image.
 */
@Injectable()
export class CastHealthService {
  constructor(
    private readonly settings: SettingsService,
    private readonly workspaces: WorkspacesService,
    private readonly agents: AgentsService,
    private readonly sessions: SessionsRepository,
  ) {}

  /** The links, each with its `health`. */
  async withHealth(configs: readonly CastConfig[]): Promise<CastConfig[]> {
    const health = await this.healthOf(configs);
    return configs.map((c) => ({ ...c, health: health.get(c.id) }));
  }

  async healthOf(configs: readonly CastConfig[]): Promise<Map<string, CastHealth>> {
    const memo = new Map<string, Promise<unknown>>();
    const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
      if (!memo.has(key)) memo.set(key, load());
      return memo.get(key) as Promise<T>;
    };
    const captchaConfigured = once('captcha', async () => (await this.settings.captcha()) !== null);
    const now = new Date();
    const entries = await Promise.all(
      configs.map(async (c): Promise<[string, CastHealth]> => {
        const workspace = await once(`ws:${c.workspaceId}`, () => this.workspaces.find(c.workspaceId));
        const container = workspace?.type === 'container';
        const image = workspace?.image ?? '';
        const [captcha, imagePresent, capacityFree, liveSessions] = await Promise.all([
          captchaConfigured,
          container && image ? once(`img:${image}`, () => this.anyEngineHas(image)) : Promise.resolve(false),
          container
            ? once(`cap:${workspace.provider ?? ''}`, () => this.slotFree(workspace.provider))
            : Promise.resolve(true),
          c.maxConcurrent === null ? Promise.resolve(0) : this.sessions.countActiveOfLink(c.id),
        ]);
        const facts = {
          link: { ...c, validUntil: c.validUntil ? new Date(c.validUntil) : null },
          liveSessions,
          captchaConfigured: captcha,
          workspace: workspace
            ? { enabled: workspace.enabled, type: workspace.type, image: workspace.image }
            : null,
          imagePresent,
          capacityFree,
        };
        return [c.id, castHealth(facts, now)];
      }),
    );
    return new Map(entries);
  }

  private async anyEngineHas(image: string): Promise<boolean> {
    const answers = await Promise.all(
      this.agents.agents.map((agent) => agent.hasImage(image).catch(() => false)),
    );
    return answers.some(Boolean);
  }

  /**
   * As a launch sees it: only engines whose isolation is in place count (prepare() waits for the
   * check, cheap once done; ISOLATION_UNAVAILABLE means no engine can take the session).
   */
  private async slotFree(provider: WorkspaceProvider | null): Promise<boolean> {
    try {
      await this.agents.prepare(provider);
      return (await this.agents.choose(provider)) !== null;
    } catch {
      return false;
    }
  }
}
