import { type GettingStartedStep, type GettingStartedStepId } from '@caster/contracts';

export interface StepAction {
  label: string;
  to: string;
}

export interface StepView {
  id: GettingStartedStepId;
  done: boolean;
  title: string;
  /** What to do next (open) or what was found (done). */
  text: string;
  action?: StepAction;
}

/** The words and the next move of each checklist step, from what the API found. */
export function stepView(step: GettingStartedStep, steps: readonly GettingStartedStep[]): StepView {
  const ref = (id: GettingStartedStepId) => steps.find((s) => s.id === id)?.ref;
  switch (step.id) {
    case 'image':
      return step.done
        ? {
            id: step.id,
            done: true,
            title: 'A session image is on the engine',
            text: `Found ${step.ref ?? ''}.`,
          }
        : {
            id: step.id,
            done: false,
            title: 'Build a session image',
            text: 'Run `npm run images -- desktop` on the machine running Caster (or pull your own image onto its Docker engine).',
          };
    case 'workspace':
      return step.done
        ? {
            id: step.id,
            done: true,
            title: 'A workspace runs it',
            text: 'Visitors will get a session of this workspace.',
            action: step.ref
              ? { label: 'Open the workspace', to: `/admin/workspaces/${step.ref}` }
              : undefined,
          }
        : {
            id: step.id,
            done: false,
            title: 'Create a workspace',
            text: ref('image')
              ? `Make a container workspace with the image ${ref('image') ?? ''}.`
              : 'Make a container workspace with your session image.',
            action: { label: 'New workspace', to: '/admin/workspaces/new' },
          };
    case 'link':
      return step.done
        ? {
            id: step.id,
            done: true,
            title: 'A casting link publishes it',
            text: 'Anyone who opens the link gets a session, within the limits you set.',
            action: step.ref ? { label: 'Open the link', to: `/admin/casting/${step.ref}` } : undefined,
          }
        : {
            id: step.id,
            done: false,
            title: 'Create a casting link',
            text: 'Choose the workspace and who may use the link.',
            action: { label: 'New casting link', to: '/admin/casting/new' },
          };
    case 'tried': {
      const link = ref('link');
      return step.done
        ? {
            id: step.id,
            done: true,
            title: 'The link was tried',
            text: 'A visitor got a session from it.',
            action: step.ref ? { label: 'See its audit', to: `/admin/casting/${step.ref}` } : undefined,
          }
        : {
            id: step.id,
            done: false,
            title: 'Try it as a visitor',
            text: 'On the link’s page, use “Open as a visitor” in a private window; the audit marks it as a test.',
            action: link ? { label: 'Go to the link', to: `/admin/casting/${link}` } : undefined,
          };
    }
  }
}
