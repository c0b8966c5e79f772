import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goto, launchBrowser, signIn } from '../support/browser';
import { ADMIN_PASSWORD, startServer, type RunningServer } from '../support/server';

const GROUP = 'QA Team';
const USERNAME = 'qa-tester';
const USER_PASSWORD = 'qa-tester-password';
const WORKSPACE = 'Firefox QA';

async function signInAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await signIn(page, url, { username, password });
  await page.getByTestId('current-user').waitFor();
}

/**
 * An input by its label text: exact, since a password field's "Toggle password visibility" button
 * also mentions the password, but a required field's label ends in " *".
 */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

/** Picks an option of a Mantine MultiSelect by typing part of it and clicking it. */
async function pick(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** The row of a list table whose name link is `name`. */
function row(page: Page, table: string, name: string) {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({
      has: page.getByRole('link', { name, exact: true }),
    });
}

describe('an administrator creates a group, a user in it and a container workspace through the SPA', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates them with the forms and finds them in the tables', async () => {
    const page = await browser.newPage();
    await signInAs(page, server.url, 'admin', ADMIN_PASSWORD);

    // A group, with one setting set.
    await goto(page, `${server.url}/#/admin/groups`);
    await page.getByRole('table', { name: 'Groups' }).waitFor();
    expect(await row(page, 'Groups', 'All Users').count()).toBe(1);
    await page.getByRole('link', { name: 'Add group' }).click();
    await field(page, 'Name').fill(GROUP);
    await field(page, 'Description').fill('People who test releases');
    await field(page, 'Priority').fill('10');
    await page.getByLabel('Set Sessions per user in this group').check();
    await field(page, 'Sessions per user').fill('3');
    await page.getByRole('button', { name: 'Create group' }).click();
    await row(page, 'Groups', GROUP).waitFor();
    expect(page.url()).toContain('#/admin/groups');
    expect(await row(page, 'Groups', GROUP).textContent()).toContain('10');

    // A user in that group.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.getByRole('table', { name: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Add user' }).click();
    await field(page, 'Username').fill(USERNAME);
    await field(page, 'Password').fill(USER_PASSWORD);
    await pick(page, 'Groups', GROUP);
    await page.getByRole('button', { name: 'Create user' }).click();
    await row(page, 'Users', USERNAME).waitFor();
    expect(await row(page, 'Users', USERNAME).textContent()).toContain(GROUP);

    // A container workspace that the group may launch.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Workspaces' })
      .click();
    await page.getByRole('link', { name: 'Add workspace' }).click();
    await field(page, 'Name').fill(WORKSPACE);
    await field(page, 'Description').fill('A browser for testing');
    expect(await field(page, 'Type').inputValue()).toBe('container');
    await field(page, 'Docker image').fill('kasmweb/firefox:1.16.0');
    await field(page, 'Memory (MB)').fill('1024');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('LANG');
    await page.getByLabel('Variable 1 value').fill('en_US.UTF-8');
    await page.getByLabel('Docker run config (JSON)').fill('{"shm_size": "512m"}');
    await pick(page, 'Groups allowed to launch', GROUP);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await row(page, 'Workspaces', WORKSPACE).waitFor();
    const workspaceRow = await row(page, 'Workspaces', WORKSPACE).textContent();
    expect(workspaceRow).toContain('Container');
    expect(workspaceRow).toContain('kasmweb/firefox:1.16.0');

    // The group now lists its member and its workspace.
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Groups' })
      .click();
    await row(page, 'Groups', GROUP).waitFor();
    const cells = await row(page, 'Groups', GROUP).getByRole('cell').allTextContents();
    // Name, priority, members, workspaces, settings set.
    expect(cells.slice(1, 5)).toEqual(['10', '1', '1', '1']);
    await page.close();
  });

  it('the new user sees the workspace on their dashboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, server.url, USERNAME, USER_PASSWORD);
    await page.getByRole('article', { name: WORKSPACE }).waitFor();
    expect(await page.getByRole('button', { name: `Launch ${WORKSPACE}` }).isEnabled()).toBe(true);
    await context.close();
  });

  it('shows a taken name on the field instead of saving', async () => {
    const page = await browser.newPage();
    await signInAs(page, server.url, 'admin', ADMIN_PASSWORD);
    await goto(page, `${server.url}/#/admin/groups/new`);
    await field(page, 'Name').fill(GROUP);
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByText('That name is already in use. Choose another one.').waitFor();
    expect(page.url()).toContain('#/admin/groups/new');
    await page.close();
  });
});
