import { Injectable } from '@nestjs/common';
import type { GettingStarted } from '@caster/contracts';
import { CastingService } from '@caster/api/casting';
import { AgentsService } from '@caster/api/provisioning';
import { OpsStatsRepository } from '../ops-stats.repository';
import { BUILT_IN_SESSION_IMAGES, gettingStarted } from './getting-started';

/** How many workspace images are asked about at most (one engine call each, per engine). */
const MAX_IMAGES = 20;

/**
 * The overview's getting-started checklist, from the real state: images on the engines, enabled
 * workspaces and links, and the audit's last successful cast. An engine that does not answer
 * counts as lacking the image.
 */
@Injectable()
export class GettingStartedService {
  constructor(
    private readonly stats: OpsStatsRepository,
    private readonly agents: AgentsService,
    private readonly casting: CastingService,
  ) {}

  async checklist(): Promise<GettingStarted> {
    await this.casting.flushClaims();
    const [workspaces, linkId, triedLinkId] = await Promise.all([
      this.stats.enabledWorkspaces(MAX_IMAGES),
      this.stats.firstEnabledLink(),
      this.stats.lastSuccessfulCastLink(),
    ]);
    const workspaceImages = [...new Set(workspaces.map((w) => w.image).filter((i): i is string => !!i))];
    const candidates = [
      ...workspaceImages,
      ...BUILT_IN_SESSION_IMAGES.filter((i) => !workspaceImages.includes(i)),
    ];
    const present = await Promise.all(candidates.map((image) => this.anyEngineHas(image)));
    const presentImages = new Set(candidates.filter((_, i) => present[i]));
    const withImage = workspaces.find(
      (w) => w.type !== 'container' || (w.image && presentImages.has(w.image)),
    );
    return gettingStarted({
      presentImage: candidates.find((i) => presentImages.has(i)) ?? null,
      workspaceId: (withImage ?? workspaces[0])?.id ?? null,
      linkId,
      triedLinkId,
    });
  }

  private async anyEngineHas(image: string): Promise<boolean> {
    const answers = await Promise.all(
      this.agents.agents.map((agent) => agent.hasImage(image).catch(() => false)),
    );
    return answers.some(Boolean);
  }
}
