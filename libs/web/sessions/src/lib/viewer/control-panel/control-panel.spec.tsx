import { type ClientSettings } from '@caster/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, renderUi, user } from '@caster/web/test-utils';
import { allOff, sessionView } from '../../../test/session-fixtures';
import { type SessionBridge } from '../session-bridge';
import { ControlPanel, initialToggles } from './control-panel';
import { panelWidgets } from './panel-widgets';

afterEach(() => vi.unstubAllGlobals());

const REGIONS = {
  upload: 'Upload a file',
  download: 'Download a file',
  clipboardUp: 'Send text to the session',
  clipboardDown: 'Copy text from the session',
  sharing: 'Share a view-only link',
  audio: 'Sound',
  microphone: 'Microphone',
  gamepads: 'Gamepads',
  ime: 'IME input mode',
} as const;

function bridgeStub(): SessionBridge {
  return {
    post: vi.fn(() => true),
    pasteText: vi.fn(() => 'desktop' as const),
    requestClipboard: vi.fn(() => true),
    setResize: vi.fn(() => true),
    receive: vi.fn(() => null),
    features: vi.fn(() => ['clipboard']),
  };
}

function openPanel(settings: Partial<ClientSettings>, bridge: SessionBridge = bridgeStub()) {
  const session = sessionView({ state: 'running', clientSettings: { ...allOff, ...settings } });
  const onToggle = vi.fn();
  renderUi(
    <ControlPanel
      session={session}
      bridge={bridge}
      toggles={initialToggles(session)}
      onToggle={onToggle}
      receivedClipboard={null}
      onStopped={() => undefined}
    />,
    { me: user, staleTime: 0 },
  );
  fireEvent.click(screen.getByRole('button', { name: 'Controls' }));
  return { session, onToggle, bridge };
}

describe('panelWidgets', () => {
  it('lists only what the client settings allow (IME always, sharing also in sharing mode)', () => {
    expect(panelWidgets({ ...allOff }, { sharing: false })).toEqual(['ime']);
    expect(panelWidgets({ ...allOff, allowDownloads: true, allowAudio: true }, { sharing: false })).toEqual([
      'download',
      'audio',
      'ime',
    ]);
    expect(panelWidgets({ ...allOff }, { sharing: true })).toEqual(['sharing', 'ime']);
  });
});

describe('the control panel', () => {
  it('shows only the widgets the session allows, plus Stop', async () => {
    openPanel({ allowUploads: true, allowClipboardDown: true, allowMicrophone: true });

    expect(await screen.findByRole('region', { name: REGIONS.upload })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.clipboardDown })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.microphone })).toBeTruthy();
    expect(screen.getByRole('region', { name: REGIONS.ime })).toBeTruthy();
    for (const absent of ['download', 'clipboardUp', 'sharing', 'audio', 'gamepads'] as const) {
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
