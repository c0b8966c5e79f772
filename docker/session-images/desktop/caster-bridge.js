/*
 * Caster's viewer bridge, loaded by noVNC's vnc.html (build.sh adds the <script> tag).
 *
 * The Caster dashboard frames this page from another origin, so it cannot touch noVNC's DOM; it
 * posts messages instead, and this script drives noVNC with them: the clipboard box (whose
 * `change` makes noVNC send the text to the remote desktop) and the scaling mode. It posts the
 * remote clipboard back when noVNC receives one.
 *
 * Framed by Caster, noVNC's own control bar, status banner and connect screens are hidden (the
 * dashboard has its own controls). The bridge also watches noVNC's RFB WebSocket (it wraps the
 * WebSocket constructor before noVNC's module runs): a close with code 4000 (Caster's proxy cutting
 * an idle viewer) or any other close of a connected desktop is told to the parent, which shows its
 * own screen; text typed in the dashboard's on-screen keyboard / IME box arrives as `keys` and goes
 * into the desktop as RFB KeyEvents (keysyms), and `desktop-size` sets a fixed remote size.
 *
 * It talks only to window.parent, and only when the parent's origin is the one named by the
 * `caster_parent` query parameter (the dashboard puts it there; the session's frame-ancestors
 * header is what keeps other sites from framing this page at all). It is a convenience, not a
 * control: clipboard policy is enforced in Caster's RFB relay, whatever this page does.
 */
(function () {
  'use strict';
  var SOURCE_IN = 'caster';
  var SOURCE_OUT = 'caster-session';
  var MAX_TEXT = 1000000;
  var RESIZE_MODES = { off: true, scale: true, remote: true };
  /** Code points one `keys` message may carry (each is two RFB KeyEvents). */
  var MAX_KEYS = 4096;
  /** Caster's proxy closes an idle viewer's WebSocket with this code. */
  var IDLE_CLOSE = 4000;
  /** Named keys the dashboard's on-screen keyboard sends, as X keysyms. */
  var NAMED_KEYS = {
    Enter: 0xff0d,
    Backspace: 0xff08,
    Tab: 0xff09,
    Escape: 0xff1b,
    Delete: 0xffff,
    Home: 0xff50,
    End: 0xff57,
    PageUp: 0xff55,
    PageDown: 0xff56,
    ArrowLeft: 0xff51,
    ArrowUp: 0xff52,
    ArrowRight: 0xff53,
    ArrowDown: 0xff54,
  };

  // A browser that blocks third-party storage (Chromium with third-party cookies blocked) denies
  // localStorage to this page when the dashboard frames it from another site, and noVNC stops on
  // its first setting. Its settings then live in memory for this page view instead.
  try {
    window.localStorage.getItem('caster');
  } catch (e) {
    var items = Object.create(null);
    var memory = {
      getItem: function (k) {
        return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null;
      },
      setItem: function (k, v) {
        items[k] = String(v);
      },
      removeItem: function (k) {
        delete items[k];
      },
      clear: function () {
        items = Object.create(null);
      },
      key: function (i) {
        return Object.keys(items)[i] || null;
      },
      get length() {
        return Object.keys(items).length;
      },
    };
    try {
      Object.defineProperty(window, 'localStorage', { configurable: true, value: memory });
    } catch (e2) {
      // Left as it is: noVNC shows its own error.
    }
  }

  var parentOrigin = null;
  try {
    var named = new URLSearchParams(window.location.search).get('caster_parent');
    if (named) {
      var parsed = new URL(named);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === named) {
        parentOrigin = parsed.origin;
      }
    }
  } catch (e) {
    parentOrigin = null;
  }
  if (!parentOrigin || window.parent === window) return;

  // Caster's viewer, not noVNC's: its sidebar, status banner ("Connected (unencrypted) to …") and
  // connect/reconnect screens stay out of sight; the elements stay in the page for the bridge.
  var style = document.createElement('style');
  style.textContent =
    '#noVNC_control_bar_anchor, #noVNC_status, #noVNC_connect_dlg, #noVNC_transition,' +
    ' #noVNC_control_bar_hint { display: none !important; }';
  (document.head || document.documentElement).appendChild(style);

  /* noVNC's RFB socket: the one whose first message is an RFB banner. */
  var rfbSocket = null;
  var screenId = 0;
  var screenFlags = 0;
  var NativeWebSocket = window.WebSocket;
  function trackSocket(ws) {
    var first = true;
    var wasRfb = false;
    var nativeSend = ws.send;
    // noVNC's own SetDesktopSize names its screen: a fixed size is asked for the same screen.
    ws.send = function (data) {
      var bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? data : null;
      if (
        ws === rfbSocket &&
        bytes &&
        bytes.byteLength >= 24 &&
        new Uint8Array(bytes.buffer, bytes.byteOffset, 1)[0] === 251
      ) {
        var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        screenId = view.getUint32(8);
        screenFlags = view.getUint32(20);
      }
      return nativeSend.apply(ws, arguments);
    };
    ws.addEventListener('message', function (event) {
      if (!first) return;
      first = false;
      var d = event.data;
      var head = d instanceof ArrayBuffer ? new Uint8Array(d, 0, Math.min(4, d.byteLength)) : null;
      if (head && head.length === 4 && String.fromCharCode(head[0], head[1], head[2], head[3]) === 'RFB ') {
        rfbSocket = ws;
        wasRfb = true;
      }
    });
    ws.addEventListener('close', function (event) {
      if (event.code === IDLE_CLOSE) send({ type: 'disconnected', reason: 'idle' });
      else if (wasRfb && ws === rfbSocket) send({ type: 'disconnected', reason: 'closed' });
      if (ws === rfbSocket) rfbSocket = null;
    });
  }
  if (typeof NativeWebSocket === 'function') {
    var CasterWebSocket = function (url, protocols) {
      var ws = arguments.length > 1 ? new NativeWebSocket(url, protocols) : new NativeWebSocket(url);
      try {
        trackSocket(ws);
      } catch (e) {
        // The socket works untracked.
      }
      return ws;
    };
    CasterWebSocket.prototype = NativeWebSocket.prototype;
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) {
      CasterWebSocket[k] = NativeWebSocket[k];
    });
    window.WebSocket = CasterWebSocket;
  }

  /* Writes whole RFB client messages on noVNC's socket (noVNC flushes whole messages too). */
  function sendRfb(bytes) {
    var root = document.documentElement;
    if (!rfbSocket || rfbSocket.readyState !== 1 || !root.classList.contains('noVNC_connected')) return false;
    rfbSocket.send(bytes);
    return true;
  }

  /* The X keysym of a code point: Latin-1 as is, the rest as Unicode keysyms; controls have none. */
  function keysymOf(cp) {
    if (cp === 10 || cp === 13) return NAMED_KEYS.Enter;
    if (cp === 9) return NAMED_KEYS.Tab;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff) return null;
    if (cp <= 0xff) return cp;
    return 0x01000000 + cp;
  }

  /* A press and a release per keysym, in one frame. */
  function typeKeysyms(keysyms) {
    if (keysyms.length === 0) return false;
    var bytes = new Uint8Array(keysyms.length * 16);
    var view = new DataView(bytes.buffer);
    keysyms.forEach(function (k, i) {
      for (var down = 1; down >= 0; down--) {
        var at = i * 16 + (1 - down) * 8;
        bytes[at] = 4;
        bytes[at + 1] = down;
        view.setUint32(at + 4, k);
      }
    });
    return sendRfb(bytes);
  }

  function typeText(text, keys) {
    var keysyms = [];
    if (typeof text === 'string') {
      for (var ch of text) {
        if (keysyms.length >= MAX_KEYS) break;
        var k = keysymOf(ch.codePointAt(0));
        if (k !== null) keysyms.push(k);
      }
    }
    if (Array.isArray(keys)) {
      keys.slice(0, 64).forEach(function (name) {
        if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(NAMED_KEYS, name)) {
          keysyms.push(NAMED_KEYS[name]);
        }
      });
    }
    return typeKeysyms(keysyms);
  }

  /* A fixed remote size: noVNC scales the picture, and the desktop is asked for exactly this size. */
  function setDesktopSize(width, height) {
    if (!(width >= 320 && width <= 8192 && height >= 240 && height <= 8192)) return;
    var select = document.getElementById('noVNC_setting_resize');
    if (select && select.tagName === 'SELECT' && select.value !== 'scale') setControl(select, 'scale');
    var bytes = new Uint8Array(24);
    var view = new DataView(bytes.buffer);
    bytes[0] = 251;
    view.setUint16(2, width);
    view.setUint16(4, height);
    bytes[6] = 1;
    view.setUint32(8, screenId);
    view.setUint16(16, width);
    view.setUint16(18, height);
    view.setUint32(20, screenFlags);
    sendRfb(bytes);
  }

  function send(message) {
    message.source = SOURCE_OUT;
    // targetOrigin: the browser drops the message if the parent is not (or no longer) that origin.
    window.parent.postMessage(message, parentOrigin);
  }

  function clipboardBox() {
    var box = document.getElementById('noVNC_clipboard_text');
    return box && box.tagName === 'TEXTAREA' ? box : null;
  }

  /* Sets a form control the way a user would, so noVNC's own change handlers run. */
  function setControl(control, value) {
    control.value = value;
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /* noVNC fills the box by assigning .value when the remote clipboard changes: watch that. */
  function watchClipboard(box) {
    var proto = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
    if (!proto || !proto.set || !proto.get) return;
    Object.defineProperty(box, 'value', {
      configurable: true,
      get: function () {
        return proto.get.call(this);
      },
      set: function (text) {
        proto.set.call(this, text);
        if (!fromParent && typeof text === 'string' && text.length <= MAX_TEXT && text !== '') {
          send({ type: 'clipboard', text: text });
        }
      },
    });
  }

  var fromParent = false;
  function onMessage(event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    var data = event.data;
    if (typeof data !== 'object' || data === null || data.source !== SOURCE_IN) return;
    var box = clipboardBox();
    switch (data.type) {
      case 'clipboard':
        if (box && typeof data.text === 'string' && data.text.length <= MAX_TEXT) {
          fromParent = true;
          try {
            setControl(box, data.text);
          } finally {
            fromParent = false;
          }
        }
        break;
      case 'clipboard-request':
        if (box && box.value !== '') send({ type: 'clipboard', text: box.value });
        break;
      case 'resize': {
        var select = document.getElementById('noVNC_setting_resize');
        if (
          select &&
          select.tagName === 'SELECT' &&
          RESIZE_MODES[data.mode] === true &&
          select.value !== data.mode
        ) {
          setControl(select, data.mode);
        }
        break;
      }
      case 'keys':
        typeText(data.text, data.keys);
        break;
      case 'desktop-size':
        setDesktopSize(Math.floor(Number(data.width)), Math.floor(Number(data.height)));
        break;
      default:
        // Audio, microphone, gamepads, the IME switch: nothing to drive in this image (IME text
        // arrives as `keys`).
        break;
    }
  }

  function start() {
    var box = clipboardBox();
    if (box) watchClipboard(box);
    window.addEventListener('message', onMessage);
    // Ready once noVNC is connected (its UI and handlers exist by then), and again after a reconnect.
    var root = document.documentElement;
    var connected = false;
    var check = function () {
      var now = root.classList.contains('noVNC_connected');
      if (now && !connected)
        send({ type: 'ready', features: ['clipboard', 'resize', 'keys', 'desktop-size', 'disconnect'] });
      connected = now;
    };
    new MutationObserver(check).observe(root, { attributes: true, attributeFilter: ['class'] });
    check();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
