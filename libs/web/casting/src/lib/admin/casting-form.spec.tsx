import { type ServerSettings } from '@caster/contracts';
import { errorMessages, queryKeys } from '@caster/web/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, callsTo, jsonResponse, mockFetch, renderPage } from '@caster/web/test-utils';
import { castConfigFixture } from './cast-config.fixture';
import { EditCastingPage, NewCastingPage } from './casting-form-pages';
import { REMOTE_APP_EXAMPLE } from './casting-form-values';

const WORKSPACE = { id: '5d0c3a6e-0000-4000-8000-000000000001', name: 'Tiny app', enabled: true };
const GROUPS = [
  { id: 'g-all', name: 'All Users', system: true },
  { id: 'g-kiosk', name: 'Kiosk visitors', system: false },
];

const settings = (keys: boolean): ServerSettings => ({
  captchaProvider: keys ? 'turnstile' : null,
  captchaSiteKey: keys ? 'site' : null,
  captchaSecretKeySet: keys,
  captchaVerifyUrl: null,
  captchaScriptUrl: null,
  trustedProxies: [],
  anonymousUserExpirationHours: 8,
  sessionDefaults: { launchTimeoutSeconds: 120, stoppedSessionRetentionHours: 24 },
});

function lookups(captchaKeys = false) {
  return {
    'GET /api/admin/workspaces': () => jsonResponse(200, { items: [WORKSPACE], total: 1 }),
    'GET /api/admin/groups': () => jsonResponse(200, { items: GROUPS, total: 2 }),
    'GET /api/admin/settings': () => jsonResponse(200, settings(captchaKeys)),
  };
}

/** A switch's accessible name is its label followed by its one-line explanation. */
const switchNamed = (label: string) => (name: string) => name === label || name.startsWith(`${label} `);
const findSwitch = (label: string) => screen.queryByRole('switch', { name: switchNamed(label) });
const toggle = (label: string) => fireEvent.click(screen.getByRole('switch', { name: switchNamed(label) }));
const field = (name: string) => screen.getByRole('textbox', { name });

async function chooseWorkspace() {
  const select = screen.getByRole('combobox', { name: 'Workspace' });
  // The choices arrive with the workspaces list.
  await waitFor(() => expect(select.getAttribute('placeholder')).toBe('Choose a workspace'));
  fireEvent.click(select);
  fireEvent.click(await screen.findByRole('option', { name: 'Tiny app', hidden: true }));
  await waitFor(() => expect((select as HTMLInputElement).value).toBe('Tiny app'));
}

afterEach(() => vi.unstubAllGlobals());

// A big form in jsdom on a busy machine: give each test room beyond the default 10 s.
describe('the casting form', { timeout: 60_000 }, () => {
  it('groups every option under Basics, Access, Limits, Validity, Session, Client settings and Remote app', () => {
    mockFetch(lookups());
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    for (const legend of [
      'Basics',
      'Access',
      'Limits',
      'Validity',
      'Session',
      'Client settings',
      'Remote app',
    ]) {
      expect(screen.getByRole('group', { name: legend }), legend).toBeTruthy();
    }
    for (const label of [
      'Configuration name',
      'URL key',
      'Restrict to referrers',
      'Kasm URL',
      'Error URL',
      'Remote App Configuration (JSON)',
    ]) {
      expect(field(label), label).toBeTruthy();
    }
    expect(screen.getByLabelText('Valid until')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Workspace' })).toBeTruthy();
    for (const name of [
      'Enabled',
      'Allow anonymous',
      'Allow resume',
      'Limit total sessions',
      'Limit requests per IP',
      'Allow dynamic Kasm URL parameter',
      'Allow dynamic Docker network parameter',
      'Disable control panel',
      'Disable tips',
      'Enable sharing',
      'Disable shared fixed resolution',
      'Enforce client settings',
    ]) {
      expect(findSwitch(name), name).toBeTruthy();
    }
    // Each option says what it does, in the specification's words.
    expect(screen.getByText(/KASM_URL environment variable/)).toBeTruthy();
  });

  it('shows the CAPTCHA and the anonymous group only with anonymous access, and warns when Settings has no CAPTCHA keys', async () => {
    mockFetch(lookups(false));
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    expect(findSwitch('Require CAPTCHA')).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Anonymous user group' })).toBeNull();

    toggle('Allow anonymous');
    expect(findSwitch('Require CAPTCHA')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Anonymous user group' })).toBeTruthy();
    expect(screen.queryByTestId('captcha-keys-warning')).toBeNull();

    toggle('Require CAPTCHA');
    expect((await screen.findByTestId('captcha-keys-warning')).textContent).toMatch(
      /CAPTCHA keys are not set/,
    );

    toggle('Allow anonymous');
    expect(findSwitch('Require CAPTCHA')).toBeNull();
    expect(screen.queryByTestId('captcha-keys-warning')).toBeNull();
  });

  it('does not warn when Settings has the CAPTCHA keys', async () => {
    mockFetch(lookups(true));
    const { queryClient } = renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    toggle('Allow anonymous');
    toggle('Require CAPTCHA');
    await waitFor(() =>
      expect(queryClient.getQueryState(queryKeys.admin.settings())?.status).toBe('success'),
    );
    expect(screen.queryByTestId('captcha-keys-warning')).toBeNull();
  });

  it('shows each limit’s numbers only when the limit is on, and the ten client settings only when enforced', () => {
    mockFetch(lookups());
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    expect(screen.queryByRole('textbox', { name: 'Sessions remaining' })).toBeNull();
    toggle('Limit total sessions');
    expect(screen.getByRole('textbox', { name: 'Sessions remaining' })).toBeTruthy();

    expect(screen.queryByRole('textbox', { name: 'Sessions allowed' })).toBeNull();
    toggle('Limit requests per IP');
    expect(screen.getByRole('textbox', { name: 'Sessions allowed' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Within seconds' })).toBeTruthy();

    expect(screen.queryByTestId('casting-client-settings')).toBeNull();
    toggle('Enforce client settings');
    expect(within(screen.getByTestId('casting-client-settings')).getAllByRole('switch')).toHaveLength(10);
    expect(findSwitch('Allow clipboard up')).toBeTruthy();
    expect(findSwitch('IME default on')).toBeTruthy();
    toggle('Enforce client settings');
    expect(screen.queryByTestId('casting-client-settings')).toBeNull();
  });

  it('shows a Remote App JSON error under the box and sends nothing', async () => {
    const fetchMock = mockFetch(lookups());
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    fireEvent.change(field('Configuration name'), { target: { value: 'Excel' } });
    await chooseWorkspace();
    fireEvent.change(field('Remote App Configuration (JSON)'), {
      target: { value: '{ "remote_app_name": "||Excel", }' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(await screen.findByText(/^Not valid JSON/)).toBeTruthy();
    expect(callsTo(fetchMock, 'POST /api/admin/casting')).toHaveLength(0);
  });

  it('shows the API’s field problems on their fields, deep Remote App paths included', async () => {
    mockFetch({
      ...lookups(),
      'POST /api/admin/casting': () =>
        apiError(400, 'VALIDATION_FAILED', {
          fields: {
            'remoteAppConfig.args[0].value_pattern':
              'not usable (linear-time engine): invalid perl operator: (?<',
            errorUrl: 'errorUrl must be an http(s) URL',
          },
        }),
    });
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    fireEvent.change(field('Configuration name'), { target: { value: 'Excel' } });
    await chooseWorkspace();
    fireEvent.change(field('Remote App Configuration (JSON)'), {
      target: {
        value: '{"remote_app_name":"||Excel","args":[{"url_param_name":"file","value_pattern":"(?<=x)"}]}',
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(
      await screen.findByText(
        'args[0].value_pattern: not usable (linear-time engine): invalid perl operator: (?<',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Must be an http(s) URL')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(errorMessages.VALIDATION_FAILED);
  });

  it('tries the draft Remote App Configuration on a sample link and shows what a cast would build', async () => {
    const fetchMock = mockFetch({
      ...lookups(),
      'POST /api/admin/casting/remote-app/dry-run': () =>
        jsonResponse(200, {
          params: { file: 'C:\\x&calc&b.xlsx' },
          'remote-app': '||Microsoft Excel',
          'remote-app-args': '"C:\\x&calc&b.xlsx"',
        }),
    });
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    expect(screen.queryByTestId('remote-app-dry-run')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start from the documented Excel example' }));
    const sample = 'https://caster.test/#/cast/excel?file=C%3A%5Cx%26calc%26b.xlsx';
    fireEvent.change(field('Try it with a sample link'), { target: { value: sample } });
    fireEvent.click(screen.getByRole('button', { name: 'Try' }));
    const result = await screen.findByTestId('remote-app-dry-run-result');
    expect(result.textContent).toContain('remote-app: ||Microsoft Excel');
    expect(result.textContent).toContain('remote-app-args: "C:\\x&calc&b.xlsx"');
    const [call] = callsTo(fetchMock, 'POST /api/admin/casting/remote-app/dry-run');
    expect(call?.body).toEqual({ remoteAppConfig: JSON.parse(REMOTE_APP_EXAMPLE), url: sample });
    // Trying saves nothing.
    expect(callsTo(fetchMock, 'POST /api/admin/casting')).toHaveLength(0);
  });

  it.each([
    [
      'PARAMETER_REQUIRED',
      { param: 'file' },
      /no “file” parameter, which the configuration marks as required/,
    ],
    [
      'PARAMETER_INVALID',
      { param: 'file' },
      /The value of “file” is not accepted: it does not match its value_pattern/,
    ],
    [
      'VALIDATION_FAILED',
      { fields: { 'params.file': 'must not contain control characters' } },
      /“file” holds a control character/,
    ],
  ] as const)(
    'explains a refused sample (%s) in words, with what the visitor would read',
    async (code, details, words) => {
      mockFetch({
        ...lookups(),
        'POST /api/admin/casting/remote-app/dry-run': () => apiError(400, code, details),
      });
      renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
      fireEvent.click(screen.getByRole('button', { name: 'Start from the documented Excel example' }));
      fireEvent.change(field('Try it with a sample link'), { target: { value: '?file=x' } });
      fireEvent.click(screen.getByRole('button', { name: 'Try' }));
      const problem = await screen.findByTestId('remote-app-dry-run-problem');
      expect(problem.textContent).toMatch(words);
      expect(problem.textContent).toContain(errorMessages[code]);
      expect(problem.textContent).not.toContain(code);
      expect(screen.queryByTestId('remote-app-dry-run-result')).toBeNull();
    },
  );

  it('does not call the dry run while the configuration is not JSON', async () => {
    const fetchMock = mockFetch(lookups());
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    fireEvent.change(field('Remote App Configuration (JSON)'), {
      target: { value: '{ "remote_app_name": ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Try' }));
    expect((await screen.findByTestId('remote-app-dry-run-problem')).textContent).toMatch(
      /^Fix the configuration first\. Not valid JSON/,
    );
    expect(callsTo(fetchMock, 'POST /api/admin/casting/remote-app/dry-run')).toHaveLength(0);
  });

  it('puts a key clash on the key field', async () => {
    mockFetch({
      ...lookups(),
      'POST /api/admin/casting': () => apiError(409, 'KEY_TAKEN', { fields: { key: 'already used' } }),
    });
    renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    fireEvent.change(field('Configuration name'), { target: { value: 'Demo' } });
    fireEvent.change(field('URL key'), { target: { value: 'demo' } });
    await chooseWorkspace();
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));
    const key = field('URL key');
    await waitFor(() => expect(key.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText(errorMessages.KEY_TAKEN).length).toBeGreaterThan(0);
  });

  it('creates the link with what was entered and opens its page', async () => {
    const fetchMock = mockFetch({
      ...lookups(true),
      'POST /api/admin/casting': (_url, init) =>
        jsonResponse(201, { ...(JSON.parse(init?.body as string) as object), id: 'c-1', key: 'k1' }),
    });
    const { router } = renderPage(<NewCastingPage />, { strict: true, path: '/admin/casting/new' });
    fireEvent.change(field('Configuration name'), { target: { value: 'Kiosk' } });
    await chooseWorkspace();
    toggle('Allow anonymous');
    toggle('Require CAPTCHA');
    toggle('Limit total sessions');
    fireEvent.change(screen.getByRole('textbox', { name: 'Sessions remaining' }), { target: { value: '3' } });
    fireEvent.change(field('Restrict to referrers'), {
      target: { value: 'acme.com\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create link' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/casting/c-1'));
    const [post] = callsTo(fetchMock, 'POST /api/admin/casting');
    expect(post?.body).toMatchObject({
      name: 'Kiosk',
      workspaceId: WORKSPACE.id,
      allowAnonymous: true,
      requireCaptcha: true,
      limitSessions: true,
      sessionsRemaining: 3,
      allowedReferrers: ['acme.com'],
    });
    expect(post?.body).not.toHaveProperty('key');
  });

  it('edits a saved link: shows its values and sends them back with the change', async () => {
    const saved = castConfigFixture({
      id: 'c-9',
      name: 'Excel',
      key: 'excel',
      workspaceId: WORKSPACE.id,
      allowResume: true,
      allowAnonymous: false,
      limitIps: true,
      ipRequestLimit: 1,
      ipRequestSeconds: 60,
      errorUrl: 'https://acme.com/oops',
    });
    const fetchMock = mockFetch({
      ...lookups(),
      'GET /api/admin/casting/c-9': () => jsonResponse(200, saved),
      'PUT /api/admin/casting/c-9': (_url, init) =>
        jsonResponse(200, { ...saved, ...(JSON.parse(init?.body as string) as object) }),
    });
    const { router } = renderPage(<EditCastingPage />, {
      strict: true,
      path: '/admin/casting/:id/edit',
      url: '/admin/casting/c-9/edit',
    });
    expect(await screen.findByRole('heading', { name: 'Edit Excel' })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Sessions allowed' }).value).toBe('1');
    toggle('Disable tips');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/casting/c-9'));
    const [put] = callsTo(fetchMock, 'PUT /api/admin/casting/c-9');
    expect(put?.body).toMatchObject({
      key: 'excel',
      disableTips: true,
      limitIps: true,
      ipRequestLimit: 1,
      ipRequestSeconds: 60,
      errorUrl: 'https://acme.com/oops',
    });
  });
});
