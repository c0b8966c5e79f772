import { EmptyState, PageHeader } from '@caster/web/ui';
import { type AdminSectionId, ADMIN_SECTIONS } from './admin-sections';

interface SectionCopy {
  description: string;
  emptyTitle: string;
  emptyText: string;
}

// Until each area's feature lands, its page says what it is for; it never shows sample data.
const COPY: Record<AdminSectionId, SectionCopy> = {
  overview: {
    description: 'What your casting links and sessions are doing.',
    emptyTitle: 'Nothing to report yet',
    emptyText:
      'Charts of casting link use, live sessions and refused requests will appear here once visitors start using your links.',
  },
  workspaces: {
    description: 'What a session runs: a container image, a remote server or pool, or a web link.',
    emptyTitle: 'No workspaces yet',
    emptyText:
      'Workspaces will appear here once you add one. Users launch them from their dashboard, and casting links start them for visitors.',
  },
  groups: {
    description: 'Which workspaces users may launch, and the session settings that apply to them.',
    emptyTitle: 'No groups to show yet',
    emptyText:
      'Groups will appear here once they can be managed from this page, starting with the built-in All Users group that every user belongs to.',
  },
  users: {
    description: 'People who can sign in, and the anonymous accounts casting links create for visitors.',
    emptyTitle: 'No users to show yet',
    emptyText: 'Users will appear here once you add them or visitors arrive through a casting link.',
  },
  casting: {
    description:
      'Links such as #/cast/demo that start a session for whoever opens them, within limits you set.',
    emptyTitle: 'No casting links yet',
    emptyText:
      'Casting links will appear here once you publish one, with how many sessions each has left and when it expires.',
  },
  sessions: {
    description: 'Sessions running now, who owns them and how long they have left.',
    emptyTitle: 'No sessions yet',
    emptyText:
      'Sessions will appear here once someone starts a workspace from the dashboard or a casting link.',
  },
  staging: {
    description: 'Sessions started ahead of time so that visitors get one at once.',
    emptyTitle: 'No staging pools yet',
    emptyText: 'Staging pools will appear here once you configure one for a workspace.',
  },
  settings: {
    description: 'Server-wide options: CAPTCHA provider, trusted proxies, how long anonymous users are kept.',
    emptyTitle: 'No settings to show yet',
    emptyText:
      'Server settings will be shown and edited here once this page is connected to the settings API.',
  },
  'api-keys': {
    description: 'Keys for integrations that use the Kasm-compatible Developer API under /api/public.',
    emptyTitle: 'No API keys yet',
    emptyText:
      'API keys will appear here once you create one. A key’s secret is shown only once, when it is created.',
  },
};

export function AdminSectionPage({ section }: { section: AdminSectionId }) {
  const { label } = ADMIN_SECTIONS.find((s) => s.id === section) ?? ADMIN_SECTIONS[0];
  const copy = COPY[section];
  return (
    <section data-testid={`admin-page-${section}`}>
      <PageHeader title={label} description={copy.description} />
      <EmptyState title={copy.emptyTitle} text={copy.emptyText} />
    </section>
  );
}
