import type { FirstStartCredentials } from '@caster/api/auth';

export interface BannerFacts {
  url: string;
  database: string;
  readyMs: number;
  credentials: FirstStartCredentials | null;
  /** Bold and colour (a terminal); plain text otherwise. */
  color: boolean;
}

const BOLD = '\x1b[1m';
const CYAN = '\x1b[36m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/**
 * The block `npm start` leaves on screen once Caster listens: where to sign in and, on the first
 * start, with what — framed, so it stands out among the log lines around it.
 */
export function startupBanner(facts: BannerFacts): string {
  const paint = (code: string, text: string) => (facts.color ? `${code}${text}${RESET}` : text);
  const rows: { text: string; shown: string }[] = [];
  const row = (text: string, shown = text) => rows.push({ text, shown });
  row(`Caster is running at ${facts.url}`, `Caster is running at ${paint(BOLD + CYAN, facts.url)}`);
  row(`Sign in:  ${facts.url}/#/login`);
  row(`Database: ${facts.database}; ready in ${facts.readyMs} ms`);
  const c = facts.credentials;
  if (c) {
    row('');
    if (c.password) {
      row(
        'First start: administrator account created',
        paint(BOLD + YELLOW, 'First start: administrator account created'),
      );
      row(`  username: ${c.username}`, `  username: ${paint(BOLD, c.username)}`);
      row(`  password: ${c.password}`, `  password: ${paint(BOLD, c.password)}`);
      row('Shown once: change it after signing in (account menu, top right).');
    } else {
      row(`First start: administrator "${c.username}" created with ADMIN_PASSWORD`);
    }
  }
  const width = Math.max(...rows.map((r) => r.text.length));
  const border = '─'.repeat(width + 2);
  const body = rows.map((r) => `  │ ${r.shown}${' '.repeat(width - r.text.length)} │`);
  return ['', `  ┌${border}┐`, ...body, `  └${border}┘`, '', ''].join('\n');
}
