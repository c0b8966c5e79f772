/**
 * A view-only RFB client that asks for one full framebuffer in Raw encoding and stops: what the
 * thumbnail service reads a session's screen with. Pure (bytes in, bytes out), so the relay's
 * view-only policy can sit between it and the session exactly as it does for a share viewer.
 */

/** The largest framebuffer a snapshot holds (3840 × 2400 at 4 bytes a pixel ≈ 37 MB). */
export const MAX_SNAPSHOT_PIXELS = 3840 * 2400;

export interface Framebuffer {
  width: number;
  height: number;
  /** 4 bytes a pixel: blue, green, red, unused (the pixel format this client asks for). */
  bgrx: Buffer;
}

export class RfbSnapshotError extends Error {}

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 255, n & 255]);

/** Little-endian 32 bpp, depth 24, true colour, red at bit 16, green at 8, blue at 0. */
const SET_PIXEL_FORMAT = Buffer.concat([
  Buffer.from([0, 0, 0, 0, 32, 24, 0, 1]),
  u16(255),
  u16(255),
  u16(255),
  Buffer.from([16, 8, 0, 0, 0, 0]),
]);
/** SetEncodings: Raw only (every server must support it). */
const SET_ENCODINGS = Buffer.from([2, 0, 0, 1, 0, 0, 0, 0]);

type Stage = 'version' | 'security' | 'result' | 'init' | 'messages' | 'rect-header' | 'pixels' | 'done';

export class RfbSnapshotClient {
  private buf: Buffer = Buffer.alloc(0);
  private stage: Stage = 'version';
  private minor = 8;
  private width = 0;
  private height = 0;
  private frame: Buffer | null = null;
  private rectsLeft = 0;
  private rect = { x: 0, y: 0, w: 0, h: 0, row: 0, col: 0 };
  /** Set once the first FramebufferUpdate has been read whole. */
  result: Framebuffer | null = null;

  /** Bytes from the server in; bytes to send back out. Throws RfbSnapshotError. */
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.step(out));
    return out;
  }

  private take(n: number): Buffer | null {
    if (this.buf.length < n) return null;
    const b = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return b;
  }

  /** One step of the protocol; false when it needs more bytes (or is done). */
  private step(out: Buffer[]): boolean {
    switch (this.stage) {
      case 'version': {
        const v = this.take(12);
        if (!v) return false;
        const m = /^RFB 003\.(\d{3})\n$/.exec(v.toString('latin1'));
        if (!m) throw new RfbSnapshotError('the session does not speak RFB');
        const minor = Number(m[1]);
        this.minor = minor >= 8 ? 8 : minor >= 7 ? 7 : 3;
        out.push(Buffer.from(`RFB 003.00${this.minor}\n`));
        this.stage = 'security';
        return true;
      }
      case 'security': {
        if (this.minor === 3) {
          const t = this.take(4);
          if (!t) return false;
          if (t.readUInt32BE(0) !== 1) throw new RfbSnapshotError('the session asks for a VNC password');
          return this.clientInit(out);
        }
        if (this.buf.length < 1 || this.buf.length < 1 + this.buf[0]) return false;
        const types = [...this.take(1 + this.buf[0])!.subarray(1)];
        if (!types.includes(1)) throw new RfbSnapshotError('the session offers no unauthenticated access');
        out.push(Buffer.from([1]));
        if (this.minor === 8) {
          this.stage = 'result';
          return true;
        }
        return this.clientInit(out);
      }
      case 'result': {
        const r = this.take(4);
        if (!r) return false;
        if (r.readUInt32BE(0) !== 0) throw new RfbSnapshotError('the session refused the connection');
        return this.clientInit(out);
      }
      case 'init': {
        if (this.buf.length < 24) return false;
        const nameLength = this.buf.readUInt32BE(20);
        if (nameLength > 64 * 1024) throw new RfbSnapshotError('desktop name too long');
        if (this.buf.length < 24 + nameLength) return false;
        const init = this.take(24 + nameLength)!;
        this.width = init.readUInt16BE(0);
        this.height = init.readUInt16BE(2);
        if (this.width === 0 || this.height === 0 || this.width * this.height > MAX_SNAPSHOT_PIXELS)
          throw new RfbSnapshotError(`framebuffer ${this.width}x${this.height} is out of bounds`);
        this.frame = Buffer.alloc(this.width * this.height * 4);
        out.push(
          SET_PIXEL_FORMAT,
          SET_ENCODINGS,
          Buffer.concat([Buffer.from([3, 0, 0, 0, 0, 0]), u16(this.width), u16(this.height)]),
        );
        this.stage = 'messages';
        return true;
      }
      case 'messages':
        return this.message();
      case 'rect-header': {
        const h = this.take(12);
        if (!h) return false;
        const [x, y, w, hgt] = [h.readUInt16BE(0), h.readUInt16BE(2), h.readUInt16BE(4), h.readUInt16BE(6)];
        if (h.readInt32BE(8) !== 0) throw new RfbSnapshotError('the session sent an encoding not asked for');
        if (x + w > this.width || y + hgt > this.height)
          throw new RfbSnapshotError('a rectangle outside the framebuffer');
        this.rect = { x, y, w, h: hgt, row: 0, col: 0 };
        this.stage = 'pixels';
        return true;
      }
      case 'pixels':
        return this.pixels();
      case 'done':
        return false;
    }
  }

  private clientInit(out: Buffer[]): boolean {
    // shared = 1: the owner and other viewers stay connected.
    out.push(Buffer.from([1]));
    this.stage = 'init';
    return true;
  }

  private message(): boolean {
    const b = this.buf;
    if (b.length < 1) return false;
    switch (b[0]) {
      case 0: {
        if (b.length < 4) return false;
        this.rectsLeft = b.readUInt16BE(2);
        this.take(4);
        return this.nextRect();
      }
      case 1: {
        if (b.length < 6) return false;
        const n = 6 + 6 * b.readUInt16BE(4);
        return this.take(n) !== null;
      }
      case 2:
        this.take(1);
        return true;
      case 3: {
        if (b.length < 8) return false;
        const len = b.readUInt32BE(4);
        if (len > 1024 * 1024) throw new RfbSnapshotError('cut text too long');
        return this.take(8 + len) !== null;
      }
      default:
        throw new RfbSnapshotError(`unexpected server message ${b[0]}`);
    }
  }

  private nextRect(): boolean {
    if (this.rectsLeft === 0) {
      this.result = { width: this.width, height: this.height, bgrx: this.frame! };
      this.stage = 'done';
      return false;
    }
    this.rectsLeft--;
    this.stage = 'rect-header';
    return true;
  }

  /** Copies what has arrived of the rectangle's pixels straight into the frame. */
  private pixels(): boolean {
    const r = this.rect;
    const frame = this.frame!;
    while (r.row < r.h) {
      const rowBytes = (r.w - r.col) * 4;
      const n = Math.min(rowBytes, this.buf.length - (this.buf.length % 4));
      if (n === 0) return false;
      const at = ((r.y + r.row) * this.width + r.x + r.col) * 4;
      this.buf.copy(frame, at, 0, n);
      this.buf = this.buf.subarray(n);
      r.col += n / 4;
      if (r.col === r.w) {
        r.col = 0;
        r.row++;
      }
    }
    return this.nextRect();
  }
}
