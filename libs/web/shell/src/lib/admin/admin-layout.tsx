import { useMe } from '@caster/web/core';
import { AppShell, Burger, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { ShellHeader } from '../layout/shell-header';
import { ADMIN_ROOT, ADMIN_SECTIONS, adminPath } from './admin-sections';

function isActive(pathname: string, target: string): boolean {
  if (target === ADMIN_ROOT) return pathname === ADMIN_ROOT || pathname === `${ADMIN_ROOT}/`;
  return pathname === target || pathname.startsWith(`${target}/`);
}

/** Rendered under RequireAdmin, so the signed-in user is known. */
export function AdminLayout() {
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        {me ? (
          <ShellHeader
            me={me}
            homePath={ADMIN_ROOT}
            start={
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
              />
            }
          />
        ) : null}
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Administration">
        <AppShell.Section grow component={ScrollArea}>
          {ADMIN_SECTIONS.map((section) => {
            const to = adminPath(section);
            const active = isActive(pathname, to);
            return (
              <NavLink
                key={section.id}
                component={Link}
                to={to}
                label={section.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={close}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
