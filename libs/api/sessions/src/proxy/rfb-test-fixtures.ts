/** RFB message builders for the relay's tests (both directions, as a viewer and a server send them). */

const u8 = (...b: number[]): Buffer => Buffer.from(b);
const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const s32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0);
  return b;
};
const cat = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

/** 32 bpp, depth 24, true colour, 8-8-8 (what noVNC asks for and TigerVNC announces). */
export const PF32 = cat(u8(32, 24, 0, 1), u16(255), u16(255), u16(255), u8(16, 8, 0), u8(0, 0, 0));
export const PF16 = cat(u8(16, 16, 0, 1), u16(31), u16(63), u16(31), u8(11, 5, 0), u8(0, 0, 0));

export const c = {
  version: (minor: 3 | 7 | 8): Buffer => Buffer.from(`RFB 003.00${minor}\n`),
  securityType: (t: number): Buffer => u8(t),
  vncAuthResponse: (): Buffer => Buffer.from([4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6, 4]),
  clientInit: (shared = 1): Buffer => u8(shared),
  setPixelFormat: (pf = PF32): Buffer => cat(u8(0, 0, 0, 0), pf),
  setEncodings: (encs: number[]): Buffer => cat(u8(2, 0), u16(encs.length), ...encs.map(s32)),
  fbur: (incremental = 0, w = 1280, h = 800): Buffer =>
    cat(u8(3, incremental), u16(0), u16(0), u16(w), u16(h)),
  key: (down = 1, keysym = 0x61): Buffer => cat(u8(4, down, 0, 0), u32(keysym)),
  pointer: (mask = 1, x = 10, y = 20): Buffer => cat(u8(5, mask), u16(x), u16(y)),
  cutText: (text: string): Buffer => cat(u8(6, 0, 0, 0), u32(Buffer.byteLength(text)), Buffer.from(text)),
  /** Extended clipboard: negative length, flags then payload. */
  extendedCutText: (payload: Buffer): Buffer => cat(u8(6, 0, 0, 0), s32(-payload.length), payload),
  cutTextHeader: (length: number): Buffer => cat(u8(6, 0, 0, 0), u32(length)),
  enableContinuousUpdates: (on = 1): Buffer => cat(u8(150, on), u16(0), u16(0), u16(1280), u16(800)),
  fence: (payload = Buffer.from([1, 2, 3])): Buffer =>
    cat(u8(248, 0, 0, 0), u32(0x80000002), u8(payload.length), payload),
  xvp: (op = 2): Buffer => u8(250, 0, 1, op),
  setDesktopSize: (w = 1024, h = 768): Buffer =>
    cat(u8(251, 0), u16(w), u16(h), u8(1, 0), u32(0), u16(0), u16(0), u16(w), u16(h), u32(0)),
  qemuKey: (down = 1, keysym = 0x61, keycode = 30): Buffer =>
    cat(u8(255, 0), u16(down), u32(keysym), u32(keycode)),
  qemuAudio: (op: 0 | 1 | 2): Buffer =>
    op === 2 ? cat(u8(255, 1), u16(2), u8(3, 2), u32(44100)) : cat(u8(255, 1), u16(op)),
};

export const s = {
  version: (minor: 3 | 7 | 8): Buffer => Buffer.from(`RFB 003.00${minor}\n`),
  /** 3.3: the server's chosen type. */
  securityType33: (t: number): Buffer => u32(t),
  securityTypes: (types: number[]): Buffer => u8(types.length, ...types),
  challenge: (): Buffer => Buffer.alloc(16, 7),
  securityResult: (ok = true): Buffer => u32(ok ? 0 : 1),
  reason: (text: string): Buffer => cat(u32(text.length), Buffer.from(text)),
  serverInit: (name = 'caster', w = 1280, h = 800, pf = PF32): Buffer =>
    cat(u16(w), u16(h), pf, u32(name.length), Buffer.from(name)),
  fbu: (rects: Buffer[], count = rects.length): Buffer => cat(u8(0, 0), u16(count), ...rects),
  rect: (x: number, y: number, w: number, h: number, enc: number, body: Buffer = Buffer.alloc(0)): Buffer =>
    cat(u16(x), u16(y), u16(w), u16(h), s32(enc), body),
  bell: (): Buffer => u8(2),
  cutText: (text: string): Buffer => cat(u8(3, 0, 0, 0), u32(Buffer.byteLength(text)), Buffer.from(text)),
  extendedCutText: (payload: Buffer): Buffer => cat(u8(3, 0, 0, 0), s32(-payload.length), payload),
  colorMap: (n: number): Buffer => cat(u8(1, 0), u16(0), u16(n), Buffer.alloc(6 * n, 9)),
  endOfContinuousUpdates: (): Buffer => u8(150),
  fence: (payload = Buffer.from([9])): Buffer =>
    cat(u8(248, 0, 0, 0), u32(0x80000002), u8(payload.length), payload),
  xvp: (): Buffer => u8(250, 0, 1, 1),
};

/** Rectangle bodies for a w×h rectangle at 32 bpp (bodies are filled with 0x03 so a stray cut-text type byte would show). */
export const body = {
  raw: (w: number, h: number, bpp = 4): Buffer => Buffer.alloc(w * h * bpp, 3),
  copyRect: (): Buffer => cat(u16(1), u16(2)),
  rre: (n: number): Buffer => cat(u32(n), Buffer.alloc(4, 3), Buffer.alloc(n * (4 + 8), 3)),
  lengthPrefixed: (n: number): Buffer => cat(u32(n), Buffer.alloc(n, 3)),
  h264: (n: number): Buffer => cat(u32(n), u32(0), Buffer.alloc(n, 3)),
  cursor: (w: number, h: number): Buffer => Buffer.alloc(w * h * 4 + ((w + 7) >> 3) * h, 3),
  extendedDesktopSize: (screens: number): Buffer => cat(u8(screens, 0, 0, 0), Buffer.alloc(16 * screens, 3)),
  /** Hextile, 32 bpp: one raw tile, one with background/foreground and coloured and plain subrects, then empty ones. */
  hextile: (w: number, h: number): Buffer => {
    const tiles: Buffer[] = [];
    let i = 0;
    for (let ty = 0; ty < h; ty += 16)
      for (let tx = 0; tx < w; tx += 16, i++) {
        const tw = Math.min(16, w - tx);
        const th = Math.min(16, h - ty);
        if (i % 3 === 0) tiles.push(cat(u8(1), Buffer.alloc(tw * th * 4, 3)));
        else if (i % 3 === 1)
          tiles.push(cat(u8(2 | 8 | 16), Buffer.alloc(4, 3), u8(2), Buffer.alloc(2 * 6, 3)));
        else tiles.push(cat(u8(2 | 4 | 8), Buffer.alloc(8, 3), u8(3), Buffer.alloc(3 * 2, 3)));
      }
    return cat(...tiles);
  },
  /** Tight, 32 bpp 8-8-8 (3-byte TPIXEL) — fill, JPEG, basic copy, palette (2 and 5 colours), small raw. */
  tightFill: (): Buffer => cat(u8(0x80), Buffer.alloc(3, 3)),
  tightJpeg: (n: number): Buffer => cat(u8(0x90), compact(n), Buffer.alloc(n, 3)),
  tightPng: (n: number): Buffer => cat(u8(0xa0), compact(n), Buffer.alloc(n, 3)),
  tightCopy: (w: number, h: number): Buffer => {
    const size = w * h * 3;
    return size < 12
      ? cat(u8(0x00), Buffer.alloc(size, 3))
      : cat(u8(0x00), compact(200), Buffer.alloc(200, 3));
  },
  tightPalette: (colors: number, w: number, h: number): Buffer => {
    const size = (colors === 2 ? (w + 7) >> 3 : w) * h;
    const data = size < 12 ? Buffer.alloc(size, 3) : cat(compact(size), Buffer.alloc(size, 3));
    return cat(u8(0x40 | 0x10, 1, colors - 1), Buffer.alloc(colors * 3, 3), data);
  },
};

/** Tight's compact length: 7 bits per byte, at most 3 bytes. */
export function compact(n: number): Buffer {
  if (n < 0x80) return u8(n);
  if (n < 0x4000) return u8((n & 0x7f) | 0x80, n >> 7);
  return u8((n & 0x7f) | 0x80, ((n >> 7) & 0x7f) | 0x80, n >> 14);
}
