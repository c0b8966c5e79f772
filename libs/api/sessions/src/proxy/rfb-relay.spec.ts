import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { type RfbPolicy } from './rfb-protocol';
import { relay } from './rfb-relay';
import { c, s } from './rfb-test-fixtures';

/**
 * A WebSocket as the relay uses it: `send` queues bytes (bufferedAmount) until the peer reads them
 * (`read`), and then calls back, as `ws` does once the socket has written them.
 */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  isPaused = false;
  pauses = 0;
  readonly received: Buffer[] = [];
  private readonly unread: { length: number; cb?: () => void }[] = [];

  send(data: Buffer, _options: unknown, cb?: () => void): void {
    this.received.push(Buffer.from(data));
    this.bufferedAmount += data.length;
    this.unread.push({ length: data.length, cb });
  }

  /** The peer reads the oldest `n` writes (all by default). */
  read(n = this.unread.length): void {
    for (const w of this.unread.splice(0, n)) {
      this.bufferedAmount -= w.length;
      w.cb?.();
    }
  }

  get unreadWrites(): number {
    return this.unread.length;
  }

  pause(): void {
    this.isPaused = true;
    this.pauses++;
  }

  resume(): void {
    this.isPaused = false;
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close');
  }

  terminate(): void {
    this.close();
  }

  /** A binary message from this side's peer. */
  message(data: Buffer): void {
    this.emit('message', data, true);
  }

  bytes(): Buffer {
    return Buffer.concat(this.received);
  }
}

const OWNER: RfbPolicy = { viewOnly: false, clipboardUp: true, clipboardDown: true };
const VIEW_ONLY: RfbPolicy = { viewOnly: true, clipboardUp: false, clipboardDown: false };
const MiB = 1024 * 1024;

/** A full-screen Raw FramebufferUpdate at 32 bpp: ~4 MB, pixels numbered so order shows. */
function fullScreenRaw(w = 1280, h = 800, seed = 0): Buffer {
  const pixels = Buffer.alloc(w * h * 4);
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, w * h);
  for (let i = 0; i < words.length; i++) words[i] = i + seed;
  return s.fbu([s.rect(0, 0, w, h, 0, pixels)]);
}

/** `bytes` as WebSocket frames of `size` (websockify sends what one recv gave it: up to 64 KiB). */
function frames(bytes: Buffer, size = 64 * 1024): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('relay: full-screen updates and backpressure', () => {
  const open: FakeSocket[] = [];
  afterEach(() => {
    for (const sock of open.splice(0)) sock.close();
  });

  /** A relay past the RFB 3.8 handshake; answers both fake sockets, everything so far read. */
  function connected(policy: RfbPolicy): { viewer: FakeSocket; server: FakeSocket } {
    const viewer = new FakeSocket();
    const server = new FakeSocket();
    open.push(viewer, server);
    relay(viewer as unknown as WebSocket, server as unknown as WebSocket, policy, { warn: () => undefined });
    server.message(s.version(8));
    viewer.message(c.version(8));
    server.message(s.securityTypes([1]));
    viewer.message(c.securityType(1));
    server.message(s.securityResult());
    viewer.message(c.clientInit(1));
    server.message(s.serverInit());
    viewer.message(Buffer.concat([c.setPixelFormat(), c.setEncodings([0])]));
    viewer.read();
    server.read();
    viewer.received.length = 0;
    server.received.length = 0;
    return { viewer, server };
  }

  for (const [name, policy] of [
    ['owner (stream passed through)', OWNER],
    ['view-only (stream parsed)', VIEW_ONLY],
  ] as const) {
    it(`${name}: back-to-back full-screen Raw updates in 64 KiB frames reach the viewer whole, in order`, () => {
      const { viewer, server } = connected(policy);
      const expected: Buffer[] = [];
      for (let n = 0; n < 5; n++) {
        viewer.message(c.fbur(0));
        const update = fullScreenRaw(1280, 800, n);
        expected.push(update);
        for (const f of frames(update)) {
          server.message(f);
          viewer.read(); // a viewer that keeps up
        }
        expect(server.isPaused).toBe(false);
      }
      expect(viewer.bytes().equals(Buffer.concat(expected))).toBe(true);
      expect(server.bytes()).toEqual(Buffer.concat(Array.from({ length: 5 }, () => c.fbur(0))));
    });

    it(`${name}: pauses the server above 16 MiB queued to a slow viewer, resumes once it has read down, loses nothing`, () => {
      const { viewer, server } = connected(policy);
      const updates = Array.from({ length: 6 }, (_, n) => fullScreenRaw(1280, 800, n)); // ~24.6 MB
      const all = frames(Buffer.concat(updates));
      let sent = 0;
      // The viewer reads nothing while the server streams: the relay must stop reading the server.
      while (!server.isPaused && sent < all.length) server.message(all[sent++]);
      expect(server.isPaused).toBe(true);
      expect(viewer.bufferedAmount).toBeGreaterThan(16 * MiB);
      expect(viewer.bufferedAmount).toBeLessThan(16 * MiB + 64 * 1024 + 1);
      // Reading a little is not enough: above half the mark the server stays paused.
      viewer.read(Math.floor(viewer.unreadWrites / 4));
      expect(viewer.bufferedAmount).toBeGreaterThan(8 * MiB);
      expect(server.isPaused).toBe(true);
      // Reading down below 8 MiB resumes it; the rest of the stream then flows.
      viewer.read(Math.ceil(viewer.unreadWrites * 0.6));
      expect(viewer.bufferedAmount).toBeLessThan(8 * MiB);
      expect(server.isPaused).toBe(false);
      while (sent < all.length) {
        server.message(all[sent++]);
        viewer.read();
      }
      viewer.read();
      expect(server.isPaused).toBe(false);
      expect(viewer.bytes().equals(Buffer.concat(updates))).toBe(true);
    });
  }

  it('resumes the server even when the last write the viewer reads is the one that crossed the mark', () => {
    const { viewer, server } = connected(OWNER);
    viewer.message(c.fbur(0));
    // One 17 MiB message (a 2560x1600 Raw update and then some): paused on its own write.
    const big = fullScreenRaw(2560, 1700);
    server.message(big);
    expect(server.isPaused).toBe(true);
    viewer.read();
    expect(server.isPaused).toBe(false);
    expect(viewer.bytes().equals(big)).toBe(true);
  });
});
