import { afterEach, describe, expect, it, vi } from 'vitest';
import { clipboardFromMessage, createSessionBridge, SESSION_BRIDGE_SOURCE } from './session-bridge';

/** A same-origin frame (about:blank), as the proxied session is. */
function frameWith(html: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const doc = frame.contentDocument;
  if (!doc) throw new Error('jsdom gave the frame no document');
  doc.body.innerHTML = html;
  return frame;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the session bridge', () => {
  it('pastes through noVNC’s clipboard box, firing the change noVNC listens for', () => {
    const frame = frameWith('<textarea id="noVNC_clipboard_text"></textarea>');
    const box = frame.contentDocument?.getElementById('noVNC_clipboard_text') as HTMLTextAreaElement;
    const onChange = vi.fn();
    box.addEventListener('change', onChange);

    const bridge = createSessionBridge(() => frame);
    expect(bridge.pasteText('hello')).toBe('novnc');
    expect(box.value).toBe('hello');
    expect(onChange).toHaveBeenCalledOnce();

    box.value = 'from the desktop';
    expect(bridge.readClipboard()).toBe('from the desktop');
  });

  it('falls back to a message for images without noVNC', () => {
    const frame = frameWith('<p>an app</p>');
    const post = vi.spyOn(frame.contentWindow as Window, 'postMessage');
    const bridge = createSessionBridge(() => frame);
    expect(bridge.pasteText('hi')).toBe('message');
    expect(post).toHaveBeenCalledWith(
      { source: 'caster', type: 'clipboard', text: 'hi' },
      window.location.origin,
    );
    expect(bridge.readClipboard()).toBeNull();
    expect(bridge.setResize('scale')).toBe(false);
  });

  it('switches noVNC’s scaling without reloading', () => {
    const frame = frameWith(
      '<select id="noVNC_setting_resize"><option value="remote">r</option><option value="scale">s</option></select>',
    );
    const select = frame.contentDocument?.getElementById('noVNC_setting_resize') as HTMLSelectElement;
    const onChange = vi.fn();
    select.addEventListener('change', onChange);
    expect(createSessionBridge(() => frame).setResize('scale')).toBe(true);
    expect(select.value).toBe('scale');
    expect(onChange).toHaveBeenCalledOnce();
  });

  it('says nothing was sent before the frame exists', () => {
    expect(createSessionBridge(() => null).pasteText('x')).toBe('none');
  });
});

describe('clipboardFromMessage', () => {
  it('accepts only the framed session’s clipboard messages', () => {
    const frame = frameWith('');
    const source = frame.contentWindow;
    const message = (data: unknown, from: Window | null = source) =>
      new MessageEvent('message', { data, source: from, origin: window.location.origin });
    expect(
      clipboardFromMessage(message({ source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: 'x' }), source),
    ).toBe('x');
    expect(
      clipboardFromMessage(message({ source: 'other', type: 'clipboard', text: 'x' }), source),
    ).toBeNull();
    expect(
      clipboardFromMessage(
        message({ source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: 'x' }, window),
        source,
      ),
    ).toBeNull();
  });
});
