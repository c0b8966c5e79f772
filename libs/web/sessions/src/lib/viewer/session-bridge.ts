/**
 * How the viewer talks to what runs in the frame. The session is served same-origin through the
 * proxy (`/session/<id>/`), so the page can reach into it; what it can do depends on the image:
 *
 * - noVNC desktops: the clipboard goes through noVNC's own clipboard box (`#noVNC_clipboard_text`,
 *   whose `change` event makes noVNC send the text to the remote desktop, and which noVNC fills
 *   with the remote clipboard).
 * - every image: `window.postMessage` with `{ source: 'caster', type, ... }` (see
 *   `SessionBridgeMessage`). Images that want audio, microphone, gamepad or IME switches, or a
 *   clipboard without noVNC, listen for these; the images Caster ships do not (yet). An image may
 *   answer `{ source: 'caster-session', type: 'clipboard', text }` to hand its clipboard over.
 */
export type SessionBridgeMessage =
  | { type: 'audio'; enabled: boolean }
  | { type: 'microphone'; enabled: boolean }
  | { type: 'gamepads'; enabled: boolean }
  | { type: 'ime'; enabled: boolean }
  | { type: 'clipboard'; text: string };

export const BRIDGE_SOURCE = 'caster';
export const SESSION_BRIDGE_SOURCE = 'caster-session';

const NOVNC_CLIPBOARD_ID = 'noVNC_clipboard_text';
const NOVNC_RESIZE_ID = 'noVNC_setting_resize';

export interface SessionBridge {
  post: (message: SessionBridgeMessage) => boolean;
  /** Sends text to the session's clipboard; says which way it went. */
  pasteText: (text: string) => 'novnc' | 'message' | 'none';
  /** The session's clipboard as noVNC last received it, when the frame is noVNC. */
  readClipboard: () => string | null;
  /**
   * noVNC only: scale the picture (`scale`, the remote size stays fixed) or resize the remote
   * desktop to the window (`remote`), without reloading the frame. False when not noVNC.
   */
  setResize: (mode: 'scale' | 'remote') => boolean;
}

/** Reads the frame's document when it is same-origin and loaded; null otherwise (never throws). */
function frameDocument(frame: HTMLIFrameElement | null): Document | null {
  try {
    return frame?.contentDocument ?? null;
  } catch {
    return null;
  }
}

/** An element of the frame's document, matched by tag name: it belongs to the frame's realm, so
 * `instanceof HTMLTextAreaElement` would be false. */
function frameElement<T extends HTMLElement>(
  frame: HTMLIFrameElement | null,
  id: string,
  tag: string,
): T | null {
  const element = frameDocument(frame)?.getElementById(id);
  return element?.tagName === tag ? (element as T) : null;
}

/** Sets a form control the way a user would, so the frame's own `change` handlers run. */
function setControl(control: HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  const FrameEvent = control.ownerDocument.defaultView?.Event ?? Event;
  control.dispatchEvent(new FrameEvent('change', { bubbles: true }));
}

export function createSessionBridge(getFrame: () => HTMLIFrameElement | null): SessionBridge {
  const post = (message: SessionBridgeMessage): boolean => {
    const target = getFrame()?.contentWindow;
    if (!target) return false;
    target.postMessage({ source: BRIDGE_SOURCE, ...message }, window.location.origin);
    return true;
  };
  const clipboard = () => frameElement<HTMLTextAreaElement>(getFrame(), NOVNC_CLIPBOARD_ID, 'TEXTAREA');
  return {
    post,
    pasteText: (text) => {
      const box = clipboard();
      if (box) {
        setControl(box, text);
        return 'novnc';
      }
      return post({ type: 'clipboard', text }) ? 'message' : 'none';
    },
    readClipboard: () => clipboard()?.value ?? null,
    setResize: (mode) => {
      const select = frameElement<HTMLSelectElement>(getFrame(), NOVNC_RESIZE_ID, 'SELECT');
      if (!select) return false;
      if (select.value !== mode) setControl(select, mode);
      return true;
    },
  };
}

/** A clipboard text sent by the framed session, or null when the message is anything else. */
export function clipboardFromMessage(
  event: MessageEvent<unknown>,
  frameWindow: Window | null,
): string | null {
  if (!frameWindow || event.source !== frameWindow || event.origin !== window.location.origin) return null;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return null;
  const { source, type, text } = data as Record<string, unknown>;
  if (source !== SESSION_BRIDGE_SOURCE || type !== 'clipboard' || typeof text !== 'string') return null;
  return text;
}
