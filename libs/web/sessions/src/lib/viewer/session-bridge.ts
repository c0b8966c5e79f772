/**
 * How the viewer talks to what runs in the frame. The session is served from its own origin, so
 * the viewer cannot (and must not) touch the frame's document: everything goes through
 * `window.postMessage`, sent only to the session's origin and accepted only from the frame's own
 * window on that origin.
 *
 * To the frame: `{ source: 'caster', type, ... }` (see `SessionBridgeMessage`). The desktop image's
 * `caster-bridge.js` drives noVNC with them (its clipboard box and resize setting); other images
 * may listen for them too (audio, microphone, gamepad, IME switches, a clipboard without noVNC).
 *
 * `keys` types text (the on-screen keyboard, an IME's composed text) and named keys into the
 * session as keysyms; `desktop-size` asks for a fixed remote size (the picture is then scaled).
 *
 * From the frame: `{ source: 'caster-session', type: 'ready', features }` when its bridge is up,
 * `{ source: 'caster-session', type: 'clipboard', text }` to hand its clipboard over, and
 * `{ source: 'caster-session', type: 'disconnected', reason }` when its connection to the desktop
 * closed (`idle`: Caster's proxy cut an idle viewer with close code 4000). Anything a session sends
 * is the session's word, not a fact: it is shown as text, never run or trusted.
 */
export type SessionBridgeMessage =
  | { type: 'audio'; enabled: boolean }
  | { type: 'microphone'; enabled: boolean }
  | { type: 'gamepads'; enabled: boolean }
  | { type: 'ime'; enabled: boolean }
  | { type: 'clipboard'; text: string }
  | { type: 'clipboard-request' }
  | { type: 'resize'; mode: ResizeMode }
  | { type: 'keys'; text?: string; keys?: NamedKey[] }
  | { type: 'desktop-size'; width: number; height: number };

export type ResizeMode = 'scale' | 'remote';

/** Keys the on-screen keyboard offers besides text (the image's bridge maps them to keysyms). */
export const NAMED_KEYS = [
  'Escape',
  'Tab',
  'Backspace',
  'Enter',
  'Delete',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'ArrowLeft',
  'ArrowUp',
  'ArrowRight',
  'ArrowDown',
] as const;
export type NamedKey = (typeof NAMED_KEYS)[number];

/** Code points one `keys` message carries at most (the image's bridge stops there too). */
export const MAX_TYPED_CHARS = 4096;

/** Why the frame's connection to the desktop closed. */
export type DisconnectReason = 'idle' | 'closed';

/**
 * How the session's sound is doing, as its page says (desktop/caster-audio.js): `blocked` means the
 * browser's autoplay policy holds it until the visitor clicks.
 */
export type AudioState = 'playing' | 'blocked' | 'connecting' | 'off';
const AUDIO_STATES: readonly AudioState[] = ['playing', 'blocked', 'connecting', 'off'];

/** What a session's page can say to the viewer. */
export type SessionFrameMessage =
  | { type: 'ready'; features: string[] }
  | { type: 'clipboard'; text: string }
  | { type: 'disconnected'; reason: DisconnectReason }
  | { type: 'audio'; state: AudioState };

export const BRIDGE_SOURCE = 'caster';
export const SESSION_BRIDGE_SOURCE = 'caster-session';

/** A remote clipboard longer than this is dropped: a session must not make the viewer hoard memory. */
export const MAX_CLIPBOARD_CHARS = 1_000_000;
const MAX_FEATURES = 16;

export interface SessionBridge {
  post: (message: SessionBridgeMessage) => boolean;
  /**
   * Sends text to the session's clipboard: `desktop` when the frame's bridge said it drives a
   * clipboard (noVNC), `message` when it was posted to an image that never said so, `none` when
   * there is no frame yet.
   */
  pasteText: (text: string) => 'desktop' | 'message' | 'none';
  /** Asks the frame to send its clipboard (it answers with a clipboard message, if it can). */
  requestClipboard: () => boolean;
  /**
   * Scale the picture (`scale`, the remote size stays fixed) or resize the remote desktop to the
   * window (`remote`), without reloading the frame; false when there is no frame.
   */
  setResize: (mode: ResizeMode) => boolean;
  /** Asks the desktop for a fixed size (scaled to the window); false when there is no frame. */
  setDesktopSize: (width: number, height: number) => boolean;
  /** Types text into the session (as keysyms), in messages of at most MAX_TYPED_CHARS. */
  typeText: (text: string) => boolean;
  /** Presses and releases named keys in the session. */
  pressKeys: (keys: readonly NamedKey[]) => boolean;
  /**
   * Reads a message event: the parsed message when it comes from the frame's window on the
   * session's origin and is one the viewer knows, else null. A `ready` also records the features.
   */
  receive: (event: MessageEvent<unknown>) => SessionFrameMessage | null;
  /** The features the frame's bridge announced (empty until it says `ready`). */
  features: () => readonly string[];
}

/** Parses a message from a session's page, or null when it is not one the viewer knows. */
export function parseFrameMessage(data: unknown): SessionFrameMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { source, type, text, features, state } = data as Record<string, unknown>;
  if (source !== SESSION_BRIDGE_SOURCE) return null;
  if (type === 'audio') {
    return AUDIO_STATES.includes(state as AudioState) ? { type, state: state as AudioState } : null;
  }
  if (type === 'clipboard') {
    return typeof text === 'string' && text.length <= MAX_CLIPBOARD_CHARS ? { type, text } : null;
  }
  if (type === 'disconnected') {
    const { reason } = data as Record<string, unknown>;
    return { type, reason: reason === 'idle' ? 'idle' : 'closed' };
  }
  if (type === 'ready') {
    const list = Array.isArray(features) ? features : [];
    return {
      type,
      features: list
        .filter((f): f is string => typeof f === 'string' && f.length < 32)
        .slice(0, MAX_FEATURES),
    };
  }
  return null;
}

/** True when the event was sent by the framed session itself: its window, on its origin. */
export function fromFrame(event: MessageEvent<unknown>, frameWindow: Window | null, origin: string): boolean {
  return frameWindow !== null && event.source === frameWindow && event.origin === origin;
}

export function createSessionBridge(
  getFrame: () => HTMLIFrameElement | null,
  /** The session's origin: messages go only there, and are taken only from there. */
  origin: string,
): SessionBridge {
  let features: readonly string[] = [];
  const post = (message: SessionBridgeMessage): boolean => {
    const target = getFrame()?.contentWindow;
    if (!target) return false;
    // targetOrigin: if the frame has navigated anywhere else, the browser drops the message.
    target.postMessage({ source: BRIDGE_SOURCE, ...message }, origin);
    return true;
  };
  return {
    post,
    pasteText: (text) => {
      if (!post({ type: 'clipboard', text })) return 'none';
      return features.includes('clipboard') ? 'desktop' : 'message';
    },
    requestClipboard: () => post({ type: 'clipboard-request' }),
    setResize: (mode) => post({ type: 'resize', mode }),
    setDesktopSize: (width, height) => post({ type: 'desktop-size', width, height }),
    typeText: (text) => {
      const chars = [...text];
      if (chars.length === 0) return false;
      for (let i = 0; i < chars.length; i += MAX_TYPED_CHARS) {
        if (!post({ type: 'keys', text: chars.slice(i, i + MAX_TYPED_CHARS).join('') })) return false;
      }
      return true;
    },
    pressKeys: (keys) => (keys.length > 0 ? post({ type: 'keys', keys: [...keys] }) : false),
    receive: (event) => {
      if (!fromFrame(event, getFrame()?.contentWindow ?? null, origin)) return null;
      const message = parseFrameMessage(event.data);
      if (message?.type === 'ready') features = message.features;
      return message;
    },
    features: () => features,
  };
}
