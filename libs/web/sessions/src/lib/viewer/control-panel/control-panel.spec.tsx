import { type ClientSettings } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, renderUi, user } from '@caster/web/test-utils';
import { allOff, sessionView } from '../../../test/session-fixtures';
import { type SessionBridge } from '../session-bridge';
import { ControlPanel, initialToggles, type DisplayState } from './control-panel';
import { panelWidgets } from './panel-widgets';

afterEach(() => vi.unstubAllGlobals());

const REGIONS = {
  display: 'Display',
  keyboard: 'On-screen keyboard',
  upload: 'Upload a file',
  download: 'Download a file',
  clipboardUp: 'Send text to the session',
  clipboardDown: 'Copy text from the session',
  sharing: 'Share a view-only link',
  audio: 'Sound',
  microphone: 'Microphone',
  ime: 'IME input mode',
} as const;

function bridgeStub(): SessionBridge {
  return {
    post: vi.fn(() => true),
    pasteText: vi.fn(() => 'desktop' as const),
    requestClipboard: vi.fn(() => true),
    setResize: vi.fn(() => true),
    setDesktopSize: vi.fn(() => true),
    typeText: vi.fn(() => true),
    pressKeys: vi.fn(() => true),
    receive: vi.fn(() => null),
    features: vi.fn(() => ['clipboard']),
  };
}

function displayState(overrides: Partial<DisplayState> = {}): DisplayState {
  return {
    resolution: 'remote',
    onResolution: vi.fn(),
    fixedBySharing: false,
    canSetSize: true,
    ...overrides,
  };
}

function openPanel(
  settings: Partial<ClientSettings>,
  bridge: SessionBridge = bridgeStub(),
  display: DisplayState = displayState(),
) {
  const session = sessionView({ state: 'running', clientSettings: { ...allOff, ...settings } });
  const onToggle = vi.fn();
  const keyboard = { open: false, onOpen: vi.fn() };
  renderUi(
    <ControlPanel
      session={session}
      bridge={bridge}
      toggles={initialToggles(session)}
      onToggle={onToggle}
      receivedClipboard={null}
      display={display}
      keyboard={keyboard}
      onStopped={() => undefined}
    />,
    { me: user, staleTime: 0 },
  );
  fireEvent.click(screen.getByRole('button', { name: 'Controls' }));
  return { session, onToggle, bridge, display, keyboard };
}

describe('panelWidgets', () => {
  it('lists only what the client settings allow (display, keyboard and IME always, sharing also in sharing mode)', () => {
    expect(panelWidgets({ ...allOff }, { sharing: false })).toEqual(['display', 'keyboard', 'ime']);
    expect(panelWidgets({ ...allOff, allowDownloads: true, allowAudio: true }, { sharing: false })).toEqual([
      'display',
      'download',
      'audio',
      'keyboard',
      'ime',
    ]);
    expect(panelWidgets({ ...allOff }, { sharing: true })).toEqual(['display', 'sharing', 'keyboard', 'ime']);
  });

  it('never offers gamepads, even when allowed: no image can take them (documented as not supported)', () => {
    expect(panelWidgets({ ...allOff, allowGamepads: true }, { sharing: false })).not.toContain('gamepads');
  });
});

describe('the control panel', () => {
  it('shows only the widgets the session allows, plus Stop', async () => {
    openPanel({ allowUploads: true, allowClipboardDown: true, allowMicrophone: true });

    expect(await screen.findByRole('region', { name: REGIONS.upload })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.clipboardDown })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.microphone })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.ime })).toBeTruthy();
    for (const absent of ['download', 'clipboardUp', 'sharing', 'audio'] as const) {
      expect(screen.queryByRole('region', { name: REGIONS[absent] }), absent).toBeNull();
    }
    expect(screen.getByRole('button', { name: 'Stop session' })).toBeTruthy();
  });

  it('shows every widget when everything is allowed', async () => {
    openPanel({
      allowUploads: true,
      allowDownloads: true,
      allowClipboardUp: true,
      allowClipboardDown: true,
      allowSharing: true,
      allowAudio: true,
      allowMicrophone: true,
      allowGamepads: true,
    });
    await screen.findByRole('region', { name: REGIONS.upload });
    for (const name of Object.values(REGIONS))
      expect(screen.getByRole('region', { name }), name).toBeTruthy();
  });

  it('hands a switch change to the viewer, which tells the session', async () => {
    const { onToggle } = openPanel({ allowAudio: true, audioDefaultOn: true });
    const sound = await screen.findByRole('region', { name: REGIONS.audio });
    const toggle = within(sound).getByRole('switch');
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect(within(sound).getByText(/only if this session’s image/)).toBeTruthy();
    fireEvent.click(toggle);
    expect(onToggle).toHaveBeenCalledWith('audio', false);
  });

  it('sends clipboard text through the bridge and says where it went', async () => {
    const { bridge } = openPanel({ allowClipboardUp: true });
    const region = await screen.findByRole('region', { name: REGIONS.clipboardUp });
    fireEvent.change(within(region).getByRole('textbox'), { target: { value: 'hello' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Send to session' }));
    expect(bridge.pasteText).toHaveBeenCalledWith('hello');
    expect(within(region).getByRole('status').textContent).toMatch(/Paste it inside the session/);
  });

  it('creates a share link, then shows it absolute with copy and stop', async () => {
    const fetchMock = mockFetch({
      'POST /api/sessions/s-1/share': () => jsonResponse(201, { shareId: 'abc123', url: '#/share/abc123' }),
    });
    openPanel({ allowSharing: true });
    const region = await screen.findByRole('region', { name: REGIONS.sharing });
    fireEvent.click(within(region).getByRole('button', { name: 'Create share link' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledOnce());
  });

  it('shows an existing share link, absolute, with copy and stop', async () => {
    const session = sessionView({
      state: 'running',
      clientSettings: { ...allOff, allowSharing: true },
      shareId: 'abc123',
    });
    renderUi(
      <ControlPanel
        session={session}
        bridge={bridgeStub()}
        toggles={initialToggles(session)}
        onToggle={() => undefined}
        receivedClipboard={null}
        display={displayState()}
        keyboard={{ open: false, onOpen: () => undefined }}
        onStopped={() => undefined}
        defaultOpened
      />,
      { me: user, staleTime: 0 },
    );
    const region = await screen.findByRole('region', { name: REGIONS.sharing });
    const link = within(region).getByTestId<HTMLInputElement>('share-link');
    expect(link.value).toBe(new URL('#/share/abc123', window.location.href).href);
    expect(within(region).getByRole('button', { name: 'Copy link' })).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Stop sharing' })).toBeTruthy();
  });

  it('uploads the chosen file as the multipart field "file" into the given folder', async () => {
    const fetchMock = mockFetch({
      'POST /api/sessions/s-1/files': () => jsonResponse(201, { path: 'Desktop/notes.txt', size: 5 }),
    });
    openPanel({ allowUploads: true });
    const region = await screen.findByRole('region', { name: REGIONS.upload });
    const input = region.querySelector('input[type="file"]');
    if (!input) throw new Error('no file input');
    fireEvent.change(input, { target: { files: [new File(['hello'], 'notes.txt')] } });
    fireEvent.change(within(region).getByLabelText(/^Folder in the session/), {
      target: { value: 'Desktop' },
    });
    fireEvent.click(within(region).getByRole('button', { name: 'Upload' }));

    expect((await within(region).findByRole('status')).textContent).toBe('Uploaded to Desktop/notes.txt');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/sessions/s-1/files?path=Desktop');
    const body = init?.body;
    expect(body).toBeInstanceOf(FormData);
    expect(((body as FormData).get('file') as File).name).toBe('notes.txt');
  });
});

describe('the display and keyboard widgets', () => {
  it('offers remote resize, scaling and fixed sizes, and hands the choice to the viewer', async () => {
    const { display } = openPanel({});
    const region = await screen.findByRole('region', { name: REGIONS.display });
    fireEvent.click(within(region).getByRole('combobox', { name: 'Resolution' }));
    const options = within(region)
      .getAllByRole('option', { hidden: true })
      .map((o) => o.textContent);
    expect(options).toEqual([
      'Fit the desktop to my window',
      'Keep the desktop’s size, scale the picture',
      '1024 × 768 (scaled to my window)',
      '1280 × 720 (scaled to my window)',
      '1280 × 800 (scaled to my window)',
      '1600 × 900 (scaled to my window)',
      '1920 × 1080 (scaled to my window)',
    ]);
    fireEvent.click(
      within(region).getByRole('option', { name: '1280 × 800 (scaled to my window)', hidden: true }),
    );
    expect(display.onResolution).toHaveBeenCalledWith('1280x800');
  });

  it('honours a fixed shared resolution: only scaling, said in words', async () => {
    openPanel({}, bridgeStub(), displayState({ resolution: 'scale', fixedBySharing: true }));
    const region = await screen.findByRole('region', { name: REGIONS.display });
    expect(within(region).getByRole<HTMLInputElement>('combobox', { name: 'Resolution' }).disabled).toBe(
      true,
    );
    expect(within(region).getByText(/shared with a fixed resolution/)).toBeTruthy();
  });

  it('offers no fixed sizes when the image cannot set one', async () => {
    openPanel({}, bridgeStub(), displayState({ canSetSize: false }));
    const region = await screen.findByRole('region', { name: REGIONS.display });
    fireEvent.click(within(region).getByRole('combobox', { name: 'Resolution' }));
    expect(within(region).getAllByRole('option', { hidden: true })).toHaveLength(2);
  });

  it('goes full screen with the whole page, so the controls stay on top', async () => {
    const request = vi.fn(() => Promise.resolve());
    Object.defineProperty(document.documentElement, 'requestFullscreen', {
      configurable: true,
      value: request,
    });
    try {
      openPanel({});
      const region = await screen.findByRole('region', { name: REGIONS.display });
      fireEvent.click(within(region).getByRole('button', { name: 'Full screen' }));
      expect(request).toHaveBeenCalledOnce();
    } finally {
      delete (document.documentElement as Partial<HTMLElement>).requestFullscreen;
    }
  });

  it('opens the on-screen keyboard', async () => {
    const { keyboard } = openPanel({});
    const region = await screen.findByRole('region', { name: REGIONS.keyboard });
    fireEvent.click(within(region).getByRole('button', { name: 'Show the on-screen keyboard' }));
    expect(keyboard.onOpen).toHaveBeenCalledWith(true);
  });

  it('starts IME mode from the link’s default only while the visitor has no choice of their own', () => {
    const session = sessionView({ clientSettings: { ...allOff, imeDefaultOn: true } });
    try {
      expect(initialToggles(session).ime).toBe(true);
      window.localStorage.setItem('caster.imeMode', '0');
      expect(initialToggles(session).ime).toBe(false);
      window.localStorage.setItem('caster.imeMode', '1');
      expect(initialToggles({ clientSettings: { ...allOff, imeDefaultOn: false } }).ime).toBe(true);
    } finally {
      window.localStorage.clear();
    }
  });
});
