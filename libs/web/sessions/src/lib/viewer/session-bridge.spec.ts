import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSessionBridge,
  fromFrame,
  MAX_CLIPBOARD_CHARS,
  MAX_TYPED_CHARS,
  parseFrameMessage,
  SESSION_BRIDGE_SOURCE,
} from './session-bridge';

const ORIGIN = 'http://s-1.localhost:3000';

function frame(): HTMLIFrameElement {
  const element = document.createElement('iframe');
  document.body.append(element);
  return element;
}

const fromSession = (data: unknown, source: Window | null, origin = ORIGIN) =>
  new MessageEvent('message', { data, source, origin });

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the session bridge', () => {
  it('posts to the session’s origin only, never reading the frame’s document', () => {
    const element = frame();
    const post = vi.spyOn(element.contentWindow as Window, 'postMessage');
    const documentRead = vi.spyOn(element, 'contentDocument', 'get');
    const bridge = createSessionBridge(() => element, ORIGIN);

    expect(bridge.pasteText('hi')).toBe('message');
    expect(post).toHaveBeenCalledWith({ source: 'caster', type: 'clipboard', text: 'hi' }, ORIGIN);
    expect(bridge.setResize('scale')).toBe(true);
    expect(post).toHaveBeenLastCalledWith({ source: 'caster', type: 'resize', mode: 'scale' }, ORIGIN);
    expect(bridge.requestClipboard()).toBe(true);
    expect(post).toHaveBeenLastCalledWith({ source: 'caster', type: 'clipboard-request' }, ORIGIN);
    expect(documentRead).not.toHaveBeenCalled();
  });

  it('says the text went to the desktop once the frame’s bridge announced a clipboard', () => {
    const element = frame();
    const bridge = createSessionBridge(() => element, ORIGIN);
    const ready = { source: SESSION_BRIDGE_SOURCE, type: 'ready', features: ['clipboard', 'resize'] };
    expect(bridge.receive(fromSession(ready, element.contentWindow))).toEqual({
      type: 'ready',
      features: ['clipboard', 'resize'],
    });
    expect(bridge.pasteText('hello')).toBe('desktop');
  });

  it('says nothing was sent before the frame exists', () => {
    const bridge = createSessionBridge(() => null, ORIGIN);
    expect(bridge.pasteText('x')).toBe('none');
    expect(bridge.setResize('remote')).toBe(false);
  });

  it('takes messages only from the frame’s window on the session’s origin', () => {
    const element = frame();
    const bridge = createSessionBridge(() => element, ORIGIN);
    const clipboard = { source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: 'x' };
    expect(bridge.receive(fromSession(clipboard, element.contentWindow))).toEqual({
      type: 'clipboard',
      text: 'x',
    });
    // Another window (say a popup or another frame) on the same origin.
    expect(bridge.receive(fromSession(clipboard, window))).toBeNull();
    // The frame, navigated to another origin (or the dashboard's own).
    expect(
      bridge.receive(fromSession(clipboard, element.contentWindow, 'http://s-2.localhost:3000')),
    ).toBeNull();
    expect(bridge.receive(fromSession(clipboard, element.contentWindow, window.location.origin))).toBeNull();
    // A forged ready from elsewhere does not change what the bridge believes.
    bridge.receive(
      fromSession({ source: SESSION_BRIDGE_SOURCE, type: 'ready', features: ['clipboard'] }, window),
    );
    expect(bridge.features()).toEqual([]);
  });
});

describe('fromFrame', () => {
  it('needs both the source window and the origin', () => {
    const element = frame();
    const win = element.contentWindow;
    expect(fromFrame(fromSession({}, win), win, ORIGIN)).toBe(true);
    expect(fromFrame(fromSession({}, win, 'null'), win, ORIGIN)).toBe(false);
    expect(fromFrame(fromSession({}, null), win, ORIGIN)).toBe(false);
    expect(fromFrame(fromSession({}, win), null, ORIGIN)).toBe(false);
  });
});

describe('parseFrameMessage', () => {
  it('knows only the session’s clipboard and ready messages', () => {
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: 'x' })).toEqual({
      type: 'clipboard',
      text: 'x',
    });
    expect(parseFrameMessage({ source: 'caster', type: 'clipboard', text: 'x' })).toBeNull();
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'navigate', url: '/api' })).toBeNull();
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: 42 })).toBeNull();
    expect(parseFrameMessage('caster-session clipboard')).toBeNull();
    expect(parseFrameMessage(null)).toBeNull();
  });

  it('drops a clipboard too long to keep and keeps a ready’s features short', () => {
    const long = 'a'.repeat(MAX_CLIPBOARD_CHARS + 1);
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'clipboard', text: long })).toBeNull();
    const ready = parseFrameMessage({
      source: SESSION_BRIDGE_SOURCE,
      type: 'ready',
      features: ['clipboard', 7, 'x'.repeat(100), ...Array.from({ length: 40 }, (_, i) => `f${i}`)],
    });
    expect(ready?.type === 'ready' ? ready.features.length : -1).toBe(16);
    expect(ready?.type === 'ready' ? ready.features[0] : '').toBe('clipboard');
  });

  it('reads the session page’s sound state, and nothing but the known states', () => {
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'audio', state: 'blocked' })).toEqual({
      type: 'audio',
      state: 'blocked',
    });
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'audio', state: '<img>' })).toBeNull();
    expect(parseFrameMessage({ source: SESSION_BRIDGE_SOURCE, type: 'audio' })).toBeNull();
    expect(parseFrameMessage({ source: 'caster', type: 'audio', state: 'playing' })).toBeNull();
  });
});

describe('typing, sizes and disconnects through the bridge', () => {
  it('types text and named keys as `keys` messages, long text in pieces that never split a character', () => {
    const element = frame();
    const post = vi.spyOn(element.contentWindow as Window, 'postMessage');
    const bridge = createSessionBridge(() => element, ORIGIN);
    expect(bridge.typeText('日本語 ok')).toBe(true);
    expect(post).toHaveBeenLastCalledWith({ source: 'caster', type: 'keys', text: '日本語 ok' }, ORIGIN);
    expect(bridge.pressKeys(['Enter', 'ArrowUp'])).toBe(true);
    expect(post).toHaveBeenLastCalledWith(
      { source: 'caster', type: 'keys', keys: ['Enter', 'ArrowUp'] },
      ORIGIN,
    );
    post.mockClear();
    const long = '😀'.repeat(MAX_TYPED_CHARS + 1);
    expect(bridge.typeText(long)).toBe(true);
    const texts = post.mock.calls.map((call) => (call[0] as { text: string }).text);
    expect(texts.map((t) => [...t].length)).toEqual([MAX_TYPED_CHARS, 1]);
    expect(texts.join('')).toBe(long);
    expect(bridge.typeText('')).toBe(false);
    expect(bridge.setDesktopSize(1280, 800)).toBe(true);
    expect(post).toHaveBeenLastCalledWith(
      { source: 'caster', type: 'desktop-size', width: 1280, height: 800 },
      ORIGIN,
    );
  });

  it('reads a disconnect, idle or not, and nothing else from the reason', () => {
    const msg = (reason: unknown) => ({ source: SESSION_BRIDGE_SOURCE, type: 'disconnected', reason });
    expect(parseFrameMessage(msg('idle'))).toEqual({ type: 'disconnected', reason: 'idle' });
    expect(parseFrameMessage(msg('closed'))).toEqual({ type: 'disconnected', reason: 'closed' });
    expect(parseFrameMessage(msg('<script>'))).toEqual({ type: 'disconnected', reason: 'closed' });
  });
});
