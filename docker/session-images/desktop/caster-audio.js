/*
 * Caster's sound and microphone in the viewer page, loaded by noVNC's vnc.html (build.sh adds the
 * <script> tag of every caster-*.js).
 *
 * Sound: a WebSocket on this page's own origin, `/audio`, carries the session's sound as raw PCM
 * (s16le, mono, 24 kHz); an AudioWorklet plays it with a small jitter buffer (~60 ms), dropping the
 * oldest samples when more than ~200 ms pile up, so the sound stays close to the picture.
 * Microphone: getUserMedia → the same AudioContext (24 kHz) → PCM s16le mono in 20 ms messages on
 * `/microphone`. Caster's proxy refuses either stream when the session's client settings do not
 * allow it (and the microphone to anyone but the session's owner); this page only follows the
 * dashboard's switches: `{ source: 'caster', type: 'audio' | 'microphone', enabled }`, accepted from
 * window.parent on the origin named by `caster_parent` only (as caster-bridge.js does).
 * It answers `{ source: 'caster-session', type: 'audio', state }` with state `playing`, `blocked`
 * (the browser's autoplay policy holds the sound until a click or key press), `connecting` or `off`.
 *
 * window.casterAudio: { setSound(on), setMicrophone(on), level(), analyser, stats } — the level
 * (RMS of what is being played, 0..1) is what the browser tests read.
 */
(function () {
  'use strict';
  var RATE = 24000;
  var CHUNK = 480; // 20 ms of microphone per message
  var SOURCE_IN = 'caster';
  var SOURCE_OUT = 'caster-session';

  var PLAYER = [
    'class CasterPlayer extends AudioWorkletProcessor {',
    '  constructor() { super(); this.q = []; this.off = 0; this.size = 0; this.primed = false;',
    '    this.port.onmessage = (e) => { const s = new Int16Array(e.data); const f = new Float32Array(s.length);',
    '      for (let i = 0; i < s.length; i++) f[i] = s[i] / 32768; this.q.push(f); this.size += f.length;',
    // more than 200 ms queued: drop the oldest (late sound is worse than a gap)
    '      while (this.size > 4800 && this.q.length > 1) { const d = this.q.shift(); this.size -= d.length - this.off; this.off = 0; } }; }',
    '  process(inputs, outputs) { const out = outputs[0][0]; let i = 0;',
    // a 60 ms cushion before (re)starting, so network jitter does not crackle
    '    if (!this.primed && this.size >= 1440) this.primed = true;',
    '    while (this.primed && i < out.length && this.q.length) { const h = this.q[0]; const n = Math.min(out.length - i, h.length - this.off);',
    '      out.set(h.subarray(this.off, this.off + n), i); i += n; this.off += n; this.size -= n;',
    '      if (this.off >= h.length) { this.q.shift(); this.off = 0; } }',
    '    if (i < out.length) { out.fill(0, i); if (this.primed && !this.q.length) this.primed = false; }',
    '    return true; } }',
    "registerProcessor('caster-player', CasterPlayer);",
    'class CasterMic extends AudioWorkletProcessor {',
    '  process(inputs) { const ch = inputs[0] && inputs[0][0]; if (ch) this.port.postMessage(ch.slice(0)); return true; } }',
    "registerProcessor('caster-mic', CasterMic);",
  ].join('\n');

  var ctx = null;
  var ready = null;
  var player = null;
  var analyser = null;
  var sound = { wanted: false, ws: null, retry: null, delay: 500 };
  var mic = { wanted: false, ws: null, stream: null, node: null, source: null, pending: [], pendingLen: 0 };
  var stats = { bytes: 0, messages: 0, micBytes: 0, lastMessageAt: 0 };

  function wsUrl(path) {
    return (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + path;
  }

  var parentOrigin = null;
  try {
    var named = new URLSearchParams(window.location.search).get('caster_parent');
    if (named && new URL(named).origin === named) parentOrigin = named;
  } catch (e) {
    parentOrigin = null;
  }
  var lastState = null;
  function report(state) {
    if (state === lastState) return;
    lastState = state;
    if (parentOrigin && window.parent !== window) {
      window.parent.postMessage({ source: SOURCE_OUT, type: 'audio', state: state }, parentOrigin);
    }
  }

  function context() {
    if (ready) return ready;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx || !window.AudioWorkletNode) return Promise.reject(new Error('no AudioWorklet'));
    ctx = new Ctx({ sampleRate: RATE, latencyHint: 'interactive' });
    var url = URL.createObjectURL(new Blob([PLAYER], { type: 'application/javascript' }));
    ready = ctx.audioWorklet.addModule(url).then(function () {
      player = new AudioWorkletNode(ctx, 'caster-player', { numberOfInputs: 0, outputChannelCount: [1] });
      analyser = ctx.createAnalyser();
      analyser.fftSize = 2048;
      player.connect(analyser);
      analyser.connect(ctx.destination);
      api.analyser = analyser;
      return ctx;
    });
    return ready;
  }

  /* Autoplay: a context the browser keeps suspended waits for a gesture in this page. */
  function resume() {
    if (!ctx) return;
    ctx.resume().then(function () {
      if (sound.wanted) report(ctx.state === 'running' ? 'playing' : 'blocked');
    });
    setTimeout(function () {
      if (sound.wanted && ctx.state !== 'running') report('blocked');
    }, 300);
  }
  ['pointerdown', 'keydown', 'touchstart'].forEach(function (type) {
    window.addEventListener(
      type,
      function () {
        if (sound.wanted && ctx && ctx.state !== 'running') resume();
      },
      true,
    );
  });

  function openSound() {
    clearTimeout(sound.retry);
    if (!sound.wanted || sound.ws) return;
    var ws = new WebSocket(wsUrl('/audio'));
    ws.binaryType = 'arraybuffer';
    sound.ws = ws;
    ws.onopen = function () {
      sound.delay = 500;
    };
    ws.onmessage = function (e) {
      if (!(e.data instanceof ArrayBuffer) || !player) return;
      stats.bytes += e.data.byteLength;
      stats.messages += 1;
      stats.lastMessageAt = Date.now();
      // whole samples only (a message may, in principle, split one)
      var n = e.data.byteLength & ~1;
      if (n > 0) player.port.postMessage(e.data.slice(0, n), []);
    };
    ws.onclose = function () {
      if (sound.ws === ws) sound.ws = null;
      if (!sound.wanted) return;
      // The session's audio server may still be starting, or the stream was refused: try again, slower.
      report('connecting');
      sound.retry = setTimeout(openSound, sound.delay);
      sound.delay = Math.min(sound.delay * 2, 10000);
    };
  }

  function setSound(on) {
    sound.wanted = !!on;
    if (!sound.wanted) {
      clearTimeout(sound.retry);
      if (sound.ws) sound.ws.close();
      sound.ws = null;
      if (ctx && !mic.wanted) ctx.suspend();
      report('off');
      return Promise.resolve();
    }
    report('connecting');
    return context().then(
      function () {
        resume();
        openSound();
      },
      function () {
        report('off');
      },
    );
  }

  function flushMic(samples) {
    var ws = mic.ws;
    if (!ws || ws.readyState !== 1) return;
    mic.pending.push(samples);
    mic.pendingLen += samples.length;
    if (mic.pendingLen < CHUNK) return;
    var out = new Int16Array(mic.pendingLen);
    var at = 0;
    mic.pending.forEach(function (block) {
      for (var i = 0; i < block.length; i++) {
        var v = Math.max(-1, Math.min(1, block[i]));
        out[at++] = v < 0 ? v * 32768 : v * 32767;
      }
    });
    mic.pending = [];
    mic.pendingLen = 0;
    // A slow link: drop rather than queue (the session hears a gap, not a growing delay).
    if (ws.bufferedAmount < 48000) {
      ws.send(out.buffer);
      stats.micBytes += out.byteLength;
    }
  }

  function stopMic() {
    if (mic.ws) mic.ws.close();
    mic.ws = null;
    if (mic.node) mic.node.disconnect();
    if (mic.source) mic.source.disconnect();
    if (mic.stream)
      mic.stream.getTracks().forEach(function (t) {
        t.stop();
      });
    mic.node = mic.source = mic.stream = null;
  }

  function setMicrophone(on) {
    mic.wanted = !!on;
    if (!mic.wanted) {
      stopMic();
      return Promise.resolve();
    }
    if (mic.stream || !navigator.mediaDevices) return Promise.resolve();
    return Promise.all([
      context(),
      navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      }),
    ]).then(
      function (got) {
        if (!mic.wanted) {
          got[1].getTracks().forEach(function (t) {
            t.stop();
          });
          return;
        }
        mic.stream = got[1];
        mic.source = ctx.createMediaStreamSource(mic.stream);
        mic.node = new AudioWorkletNode(ctx, 'caster-mic', { numberOfOutputs: 0 });
        mic.node.port.onmessage = function (e) {
          flushMic(e.data);
        };
        mic.source.connect(mic.node);
        ctx.resume();
        var ws = new WebSocket(wsUrl('/microphone'));
        ws.binaryType = 'arraybuffer';
        ws.onclose = function () {
          if (mic.ws === ws) mic.ws = null;
        };
        mic.ws = ws;
      },
      function () {
        mic.wanted = false;
      },
    );
  }

  /* RMS (0..1) of what is being played right now, from the analyser. */
  function level() {
    if (!analyser) return 0;
    var buf = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(buf);
    var sum = 0;
    for (var i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
    return Math.sqrt(sum / buf.length);
  }

  var api = {
    setSound: setSound,
    setMicrophone: setMicrophone,
    level: level,
    analyser: null,
    stats: stats,
    state: function () {
      return {
        sound: sound.wanted,
        connected: !!(sound.ws && sound.ws.readyState === 1),
        context: ctx ? ctx.state : 'none',
        microphone: !!(mic.ws && mic.ws.readyState === 1),
      };
    },
  };
  window.casterAudio = api;

  window.addEventListener('message', function (event) {
    if (!parentOrigin || event.source !== window.parent || event.origin !== parentOrigin) return;
    var data = event.data;
    if (typeof data !== 'object' || data === null || data.source !== SOURCE_IN) return;
    if (data.type === 'audio') setSound(data.enabled === true);
    else if (data.type === 'microphone') setMicrophone(data.enabled === true);
  });
})();
