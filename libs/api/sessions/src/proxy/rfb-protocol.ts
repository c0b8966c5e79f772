/** RFB (RFC 6143) numbers and limits the relay needs, and what both of its directions share. */

/** What one connection may do. */
export interface RfbPolicy {
  /** Drop everything that changes the session: keys, pointer, clipboard, desktop size, xvp. */
  viewOnly: boolean;
  /** Let ClientCutText (plain and extended) reach the session. */
  clipboardUp: boolean;
  /** Let ServerCutText (plain and extended) reach the viewer; false makes the relay parse the server stream. */
  clipboardDown: boolean;
}

/** Limits per connection; a message beyond one closes the connection (it is never buffered). */
export const RFB_LIMITS = {
  clientCutText: 1024 * 1024,
  encodings: 1024,
  fencePayload: 64,
  /** Server strings the relay reads through: failure reasons, desktop names. */
  serverString: 64 * 1024,
  /** Bytes one direction may hold while it waits for the other side of the handshake. */
  pending: 64 * 1024,
} as const;

/** A reason to close: the stream broke a rule or can no longer be followed safely. */
export class RfbViolation extends Error {}

export const SECURITY = { invalid: 0, none: 1, vncAuth: 2 } as const;

export const ENC = {
  raw: 0,
  copyRect: 1,
  rre: 2,
  hextile: 5,
  zlib: 6,
  tight: 7,
  zrle: 16,
  h264: 50,
  tightPng: -260,
  desktopSize: -223,
  lastRect: -224,
  cursor: -239,
  qemuExtendedKeyEvent: -258,
  qemuAudio: -259,
  qemuLedEvent: -261,
  desktopName: -307,
  extendedDesktopSize: -308,
  xvp: -309,
  fence: -312,
  continuousUpdates: -313,
  extendedMouseButtons: -316,
  extendedClipboard: 0xc0a1e5ce | 0, // as a signed 32-bit value
} as const;

/**
 * Encodings (and pseudo-encodings) whose FramebufferUpdate rectangles the server parser can measure.
 * When the relay parses the server stream it rewrites SetEncodings down to this set, so the server
 * never picks one it cannot follow. Quality (-32..-23) and compression (-256..-247) levels carry no
 * data and are kept as well.
 */
export const PARSEABLE_ENCODINGS: ReadonlySet<number> = new Set<number>([
  ENC.raw,
  ENC.copyRect,
  ENC.rre,
  ENC.hextile,
  ENC.zlib,
  ENC.tight,
  ENC.zrle,
  ENC.h264,
  ENC.tightPng,
  ENC.desktopSize,
  ENC.lastRect,
  ENC.cursor,
  ENC.qemuExtendedKeyEvent,
  ENC.qemuAudio,
  ENC.qemuLedEvent,
  ENC.desktopName,
  ENC.extendedDesktopSize,
  ENC.xvp,
  ENC.fence,
  ENC.continuousUpdates,
  ENC.extendedClipboard,
]);

export const isLevelPseudoEncoding = (e: number): boolean =>
  (e >= -32 && e <= -23) || (e >= -256 && e <= -247);

export interface PixelFormat {
  bitsPerPixel: number;
  depth: number;
  trueColor: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
}

/** Reads the 16-byte PIXEL_FORMAT at `at`. */
export function readPixelFormat(b: Buffer, at: number): PixelFormat {
  return {
    bitsPerPixel: b[at],
    depth: b[at + 1],
    trueColor: b[at + 3] !== 0,
    redMax: b.readUInt16BE(at + 4),
    greenMax: b.readUInt16BE(at + 6),
    blueMax: b.readUInt16BE(at + 8),
    redShift: b[at + 10],
    greenShift: b[at + 11],
    blueShift: b[at + 12],
  };
}

/**
 * Whether the server parser can size pixels in this format the way every server does: 8, 16 or 32
 * bits, true colour, and for 32 bits the plain 8-8-8 layout (Tight's 3-byte TPIXEL then applies).
 * Anything more exotic could be read differently by a server and the relay, so it is refused when the
 * server stream is parsed.
 */
export function unambiguousPixelFormat(pf: PixelFormat): boolean {
  if (![8, 16, 32].includes(pf.bitsPerPixel) || !pf.trueColor) return false;
  if (pf.bitsPerPixel !== 32) return true;
  const shifts = new Set([pf.redShift, pf.greenShift, pf.blueShift]);
  return (
    pf.depth === 24 &&
    pf.redMax === 255 &&
    pf.greenMax === 255 &&
    pf.blueMax === 255 &&
    shifts.size === 3 &&
    [...shifts].every((s) => s === 0 || s === 8 || s === 16)
  );
}

/** Bytes per pixel on the wire, and Tight's TPIXEL size (3 for 8-8-8 in 32 bits). */
export const bytesPerPixel = (pf: PixelFormat): number => pf.bitsPerPixel / 8;
export const tightPixelSize = (pf: PixelFormat): number =>
  pf.bitsPerPixel === 32 && pf.depth === 24 && pf.trueColor ? 3 : pf.bitsPerPixel / 8;

export type RfbMinor = 3 | 7 | 8;

/** What each direction learns that the other one needs to stay in step. */
export class RfbShared {
  /** Server's ProtocolVersion, then (after the client's) the version in use. */
  serverMinor: RfbMinor | null = null;
  minor: RfbMinor | null = null;
  /** Security types the server offered (3.7/3.8, after the relay's filtering), or chose (3.3). */
  offeredTypes: number[] | null = null;
  securityType: number | null = null;
  serverInitDone = false;
  serverPixelFormat: PixelFormat | null = null;
  clientPixelFormat: PixelFormat | null = null;
  /** The client asked for updates (FramebufferUpdateRequest or EnableContinuousUpdates). */
  updatesRequested = false;
  /** Bytes each direction passed and dropped (for logs and tests). */
  readonly dropped = { client: 0, server: 0 };
  /** Keyboard and pointer events let through to the server: what idle disconnect counts. */
  inputEvents = 0;

  constructor(readonly policy: RfbPolicy) {}

  /** The server stream must be parsed to drop ServerCutText. */
  get parseServer(): boolean {
    return !this.policy.clipboardDown;
  }

  get pixelFormat(): PixelFormat | null {
    return this.clientPixelFormat ?? this.serverPixelFormat;
  }
}
