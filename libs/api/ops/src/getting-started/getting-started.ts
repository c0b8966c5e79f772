import type { GettingStarted, GettingStartedStep } from '@caster/contracts';

/** The session images `npm run images` builds, in the order the checklist suggests them. */
export const BUILT_IN_SESSION_IMAGES = [
  'caster/desktop:latest',
  'caster/browser:latest',
  'caster/tiny-app:latest',
] as const;

export interface GettingStartedFacts {
  /** An image present on an engine (a workspace's, else a built-in one), if any. */
  presentImage: string | null;
  /** The workspace whose image is present, else the first enabled workspace. */
  workspaceId: string | null;
  linkId: string | null;
  /** The link that last answered a cast with "ok". */
  triedLinkId: string | null;
}

/**
 * The checklist from what exists. Each step is ticked by its own fact, not by the ones before it:
 * an administrator who made a link before building the image sees exactly what is still missing.
 */
export function gettingStarted(facts: GettingStartedFacts): GettingStarted {
  const step = (id: GettingStartedStep['id'], ref: string | null): GettingStartedStep =>
    ref === null ? { id, done: false } : { id, done: true, ref };
  const steps = [
    step('image', facts.presentImage),
    step('workspace', facts.workspaceId),
    step('link', facts.linkId),
    step('tried', facts.triedLinkId),
  ];
  return { steps, complete: steps.every((s) => s.done) };
}
