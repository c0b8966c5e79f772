/** Labels on everything Caster creates in an engine; clean-up selects by these, never "prune all". */
export const LABELS = {
  managed: 'org.caster.managed',
  instance: 'org.caster.instance',
  session: 'org.caster.session-id',
  workspace: 'org.caster.workspace-id',
  owner: 'org.caster.owner-id',
  agent: 'org.caster.agent',
  testRun: 'org.caster.test-run',
} as const;
