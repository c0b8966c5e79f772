/*
 * Caster's viewer bridge, loaded by noVNC's vnc.html (build.sh adds the <script> tag).
 *
 * The Caster dashboard frames this page from another origin, so it cannot touch noVNC's DOM; it
 * posts messages instead, and this script drives noVNC with them: the clipboard box (whose
 * `change` makes noVNC send the text to the remote desktop) and the scaling mode. It posts the
 * remote clipboard back when noVNC receives one.
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
      default:
        // Audio, microphone, gamepads, IME: nothing to drive in this image.
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
      if (now && !connected) send({ type: 'ready', features: ['clipboard', 'resize'] });
      connected = now;
    };
    new MutationObserver(check).observe(root, { attributes: true, attributeFilter: ['class'] });
    check();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
