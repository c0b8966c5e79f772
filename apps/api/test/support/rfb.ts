import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';

/** Test image: websockify in front of a recording RFB server (support/rfb-echo). */
export const RFB_ECHO_IMAGE = 'caster/rfb-echo:test';

export async function buildRfbEchoImage(): Promise<void> {
  await promisify(execFile)('docker', [
    'build',
    '-q',
    '--label',
    'org.caster.test=rfb-echo',
    '-t',
    RFB_ECHO_IMAGE,
    resolve(__dirname, 'rfb-echo'),
  ]);
}

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 255, n & 255]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0);
  return b;
};
const cat = (...parts: (Buffer | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** Client messages as a viewer sends them (RFC 6143 and the noVNC/TigerVNC extensions). */
export const c = {
  setPixelFormat: (): Buffer =>
    cat([0, 0, 0, 0, 32, 24, 0, 1], u16(255), u16(255), u16(255), [16, 8, 0, 0, 0, 0]),
  setEncodings: (encs: number[]): Buffer => cat([2, 0], u16(encs.length), ...encs.map(u32)),
  fbur: (incremental: number, w: number, h: number): Buffer =>
    cat([3, incremental, 0, 0, 0, 0], u16(w), u16(h)),
  key: (down = 1, keysym = 0x61): Buffer => cat([4, down, 0, 0], u32(keysym)),
  pointer: (mask = 1, x = 10, y = 20): Buffer => cat([5, mask], u16(x), u16(y)),
  cutText: (text: string): Buffer => cat([6, 0, 0, 0], u32(Buffer.byteLength(text)), Buffer.from(text)),
  cutTextHeader: (length: number): Buffer => cat([6, 0, 0, 0], u32(length)),
  extendedCutText: (payload: Buffer): Buffer => cat([6, 0, 0, 0], u32(-payload.length), payload),
  enableContinuousUpdates: (on = 1): Buffer => cat([150, on, 0, 0, 0, 0], u16(1280), u16(800)),
  fence: (): Buffer => cat([248, 0, 0, 0], u32(0x80000002), [3, 1, 2, 3]),
  xvp: (): Buffer => Buffer.from([250, 0, 1, 2]),
  setDesktopSize: (): Buffer =>
    cat([251, 0], u16(800), u16(600), [1, 0], u32(0), u16(0), u16(0), u16(800), u16(600), u32(0)),
  qemuKey: (): Buffer => cat([255, 0, 0, 1], u32(0x61), u32(30)),
};

export type ServerEvent =
  /** `pixels`: the area of the update's Raw rectangles. */
  | { type: 'update'; rects: number; pixels: number }
  | { type: 'cut'; text: string }
  | { type: 'fence' }
  | { type: 'end-of-continuous-updates' }
  | { type: 'bell' };

/**
 * A headless RFB viewer over a WebSocket, for tests: does the handshake (None security), sends what it
 * is told, and reads the server's messages for the encodings it asks for (Raw and data-less pseudo
 * encodings), recording updates and cut texts.
 */
export class RfbTestClient {
  readonly events: ServerEvent[] = [];
  /** Colours (0xRRGGBB) of Raw pixels received, every 16th pixel counted: what the screen showed. */
  readonly colours = new Map<number, number>();
  closed: { code: number; reason: string } | null = null;
  private buf = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes `buf` must hold before the message at its front can be read. */
  private need = 0;
  private stage: 'version' | 'security' | 'result' | 'init' | 'messages' = 'version';
  private minor: 3 | 7 | 8 = 8;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      // A message of several MB arrives in many frames: join them once it can be complete, not
      // at every frame (that is quadratic, and a viewer that slow changes what the server does).
      this.pending.push(d);
      this.pendingBytes += d.length;
      if (this.buf.length + this.pendingBytes < this.need) return;
      this.buf = Buffer.concat([this.buf, ...this.pending.splice(0)]);
      this.pendingBytes = 0;
      this.need = 0;
      this.parse();
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Opens the socket; the viewer will answer the server's version with `minor`. */
  static open(url: string, headers: Record<string, string>, minor: 3 | 7 | 8 = 8): Promise<RfbTestClient> {
    return new Promise((ok, fail) => {
      const ws = new WebSocket(url, ['binary'], { headers });
      const client = new RfbTestClient(ws);
      client.minor = minor;
      ws.once('open', () => ok(client));
      ws.once('error', fail);
    });
  }

  /** Waits until the handshake is done (ServerInit read). */
  async handshake(): Promise<void> {
    await this.until(() => this.stage === 'messages', 10_000);
  }

  send(...messages: Buffer[]): void {
    this.ws.send(Buffer.concat(messages));
  }

  async until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.closed && !done()) throw new Error(`socket closed: ${JSON.stringify(this.closed)}`);
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  untilClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return new Promise((ok, fail) => {
      if (this.closed) return ok(this.closed);
      const t = setTimeout(() => fail(new Error('socket stayed open')), timeoutMs);
      this.ws.once('close', (code, reason) => {
        clearTimeout(t);
        ok({ code, reason: reason.toString() });
      });
    });
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private take(n: number): Buffer | null {
    if (this.buf.length < n) return null;
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  private parse(): void {
    for (;;) {
      if (this.stage === 'version') {
        if (!this.take(12)) return;
        this.ws.send(Buffer.from(`RFB 003.00${this.minor}\n`));
        this.stage = 'security';
      } else if (this.stage === 'security') {
        if (this.minor === 3) {
          const t = this.take(4);
          if (!t) return;
          if (t.readUInt32BE(0) !== 1) throw new Error('server wants authentication');
          this.ws.send(Buffer.from([1])); // ClientInit
          this.stage = 'init';
        } else {
          if (this.buf.length < 1 || this.buf.length < 1 + this.buf[0]) return;
          const types = [...this.take(1 + this.buf[0])!.subarray(1)];
          if (!types.includes(1)) throw new Error(`no None security: ${types.join(',')}`);
          this.ws.send(Buffer.from([1]));
          if (this.minor === 8) this.stage = 'result';
          else {
            this.ws.send(Buffer.from([1]));
            this.stage = 'init';
          }
        }
      } else if (this.stage === 'result') {
        const r = this.take(4);
        if (!r) return;
        if (r.readUInt32BE(0) !== 0) throw new Error('security failed');
        this.ws.send(Buffer.from([1]));
        this.stage = 'init';
      } else if (this.stage === 'init') {
        if (this.buf.length < 24 || this.buf.length < 24 + this.buf.readUInt32BE(20)) return;
        this.take(24 + this.buf.readUInt32BE(20));
        this.stage = 'messages';
      } else if (!this.message()) return;
    }
  }

  /** setPixelFormat's layout: little-endian 32 bpp, blue in the first byte. */
  private tally(pixels: Buffer): void {
    for (let i = 0; i + 3 < pixels.length; i += 64) {
      const rgb = (pixels[i + 2] << 16) | (pixels[i + 1] << 8) | pixels[i];
      this.colours.set(rgb, (this.colours.get(rgb) ?? 0) + 1);
    }
  }

  /** One server message (32 bpp Raw only); false while it is incomplete. */
  private message(): boolean {
    const b = this.buf;
    if (b.length < 1) return false;
    switch (b[0]) {
      case 0: {
        if (b.length < 4) return false;
        let at = 4;
        let pixels = 0;
        const bodies: Buffer[] = [];
        const n = b.readUInt16BE(2);
        for (let i = 0; i < n; i++) {
          if (b.length < at + 12) return false;
          const w = b.readUInt16BE(at + 4);
          const h = b.readUInt16BE(at + 6);
          const enc = b.readInt32BE(at + 8);
          at += 12;
          if (enc === 0) {
            if (b.length < at + w * h * 4) {
              this.need = at + w * h * 4;
              return false;
            }
            bodies.push(b.subarray(at, at + w * h * 4));
            at += w * h * 4;
            pixels += w * h;
          } else if (enc === -224) break;
          else if (enc === -308) {
            if (b.length < at + 4) return false;
            at += 4 + 16 * b[at];
          } else if (enc !== -223) throw new Error(`unexpected encoding ${enc}`);
        }
        if (b.length < at) return false;
        // Counted once the update is whole (an incomplete one is read again from its start).
        for (const body of bodies) this.tally(body);
        this.take(at);
        this.events.push({ type: 'update', rects: n, pixels });
        return true;
      }
      case 2:
        this.take(1);
        this.events.push({ type: 'bell' });
        return true;
      case 3: {
        if (b.length < 8 || b.length < 8 + Math.abs(b.readInt32BE(4))) return false;
        const m = this.take(8 + Math.abs(b.readInt32BE(4)))!;
        this.events.push({ type: 'cut', text: m.subarray(8).toString('latin1') });
        return true;
      }
      case 150:
        this.take(1);
        this.events.push({ type: 'end-of-continuous-updates' });
        return true;
      case 248:
        if (b.length < 9 || b.length < 9 + b[8]) return false;
        this.take(9 + b[8]);
        this.events.push({ type: 'fence' });
        return true;
      default:
        throw new Error(`unexpected server message ${b[0]}`);
    }
  }
}
