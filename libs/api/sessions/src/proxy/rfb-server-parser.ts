import {
  ENC,
  PARSEABLE_ENCODINGS,
  RFB_LIMITS,
  SECURITY,
  bytesPerPixel,
  readPixelFormat,
  tightPixelSize,
  unambiguousPixelFormat,
  type PixelFormat,
  type RfbMinor,
  type RfbShared,
} from './rfb-protocol';
import { RfbStream, type Step } from './rfb-stream';

type State =
  | 'version'
  | 'security'
  | 'challenge'
  | 'result'
  | 'failure-reason'
  | 'failed'
  | 'server-init'
  | 'passthrough'
  | 'messages'
  | 'rect'
  | 'body'
  | 'hextile'
  | 'tight';

const VERSION = /^RFB 003\.00([378])\n$/;

export const SERVER_MSG = {
  framebufferUpdate: 0,
  setColorMapEntries: 1,
  bell: 2,
  serverCutText: 3,
  endOfContinuousUpdates: 150,
  serverFence: 248,
  xvp: 250,
  qemu: 255,
} as const;

interface Rect {
  w: number;
  h: number;
  encoding: number;
}

/**
 * The server → client direction. Always follows the handshake (ProtocolVersion, security, the
 * SecurityResult, ServerInit) because the client direction depends on it, and keeps only the
 * security types the relay can follow (None, VncAuth). After ServerInit it passes the stream through
 * untouched, unless the policy stops clipboard down: then it sizes every server message and every
 * rectangle of each FramebufferUpdate (for the encodings the client side let through) and drops
 * ServerCutText.
 */
export class RfbServerParser extends RfbStream {
  private state: State = 'version';
  private rectsLeft = 0;
  private rect: Rect = { w: 0, h: 0, encoding: 0 };
  // Hextile: the next tile's position inside the rectangle.
  private tileX = 0;
  private tileY = 0;

  constructor(shared: RfbShared) {
    super(shared, 'server');
  }

  protected override stepsWithoutInput(): boolean {
    // The client's choice may be what the 'security' state (3.7/3.8) was waiting for.
    return this.state === 'security' && this.shared.offeredTypes !== null;
  }

  protected step(): Step {
    switch (this.state) {
      case 'version':
        return this.version();
      case 'security':
        return this.security();
      case 'challenge':
        if (!this.queue.peek(16)) return 'wait';
        this.pass(16);
        this.state = 'result';
        return 'progress';
      case 'result':
        return this.result();
      case 'failure-reason':
        return this.reason();
      case 'failed':
        return this.fail('server sent data after a handshake failure');
      case 'server-init':
        return this.serverInit();
      case 'passthrough':
        this.pass(this.queue.length);
        return 'progress';
      case 'messages':
        return this.message();
      case 'rect':
        return this.rectangle();
      case 'body':
        return this.body();
      case 'hextile':
        return this.hextileTile();
      case 'tight':
        return this.tight();
    }
  }

  private version(): Step {
    const b = this.queue.peek(12);
    if (!b) return 'wait';
    const m = VERSION.exec(b.toString('latin1'));
    if (!m) this.fail('server ProtocolVersion is not RFB 3.3, 3.7 or 3.8');
    this.shared.serverMinor = Number(m[1]) as RfbMinor;
    this.pass(12);
    this.state = 'security';
    return 'progress';
  }

  private security(): Step {
    // After offering (3.7/3.8), the next server bytes depend on the type the client picks.
    if (this.shared.offeredTypes !== null) {
      if (this.shared.securityType === null) return 'wait';
      this.afterSecurityType();
      return 'progress';
    }
    const minor = this.shared.minor;
    if (minor === null) return 'wait';
    if (minor === 3) {
      const b = this.queue.peek(4);
      if (!b) return 'wait';
      const type = b.readUInt32BE(0);
      if (type === SECURITY.invalid) {
        this.pass(4);
        this.state = 'failure-reason';
        return 'progress';
      }
      if (type !== SECURITY.none && type !== SECURITY.vncAuth)
        this.fail(`server chose security type ${type}, which the relay cannot follow`);
      this.pass(4);
      this.shared.securityType = type;
      this.shared.offeredTypes = [type];
      this.afterSecurityType();
      return 'progress';
    }
    const b = this.queue.peek(1);
    if (!b) return 'wait';
    if (b[0] === 0) {
      this.pass(1);
      this.state = 'failure-reason';
      return 'progress';
    }
    const list = this.queue.peek(1 + b[0]);
    if (!list) return 'wait';
    const offered = [...list.subarray(1)];
    const kept = offered.filter((t) => t === SECURITY.none || t === SECURITY.vncAuth);
    if (kept.length === 0)
      this.fail(`server offers only security types ${offered.join(',')}, which the relay cannot follow`);
    this.shared.offeredTypes = kept;
    if (kept.length === offered.length) this.pass(1 + offered.length);
    else this.replace(1 + offered.length, Buffer.from([kept.length, ...kept]));
    return 'progress';
  }

  /** Where the server goes once the security type is known. */
  private afterSecurityType(): void {
    if (this.shared.securityType === SECURITY.vncAuth) this.state = 'challenge';
    // 3.8 sends a SecurityResult after None too; 3.3 and 3.7 go straight to the client's init.
    else this.state = this.shared.minor === 8 ? 'result' : 'server-init';
  }

  private result(): Step {
    const b = this.queue.peek(4);
    if (!b) return 'wait';
    this.pass(4);
    if (b.readUInt32BE(0) === 0) this.state = 'server-init';
    else this.state = this.shared.minor === 8 ? 'failure-reason' : 'failed';
    return 'progress';
  }

  private reason(): Step {
    const b = this.queue.peek(4);
    if (!b) return 'wait';
    const length = b.readUInt32BE(0);
    if (length > RFB_LIMITS.serverString) this.fail(`server failure reason of ${length} bytes`);
    this.pass(4 + length);
    this.state = 'failed';
    return 'progress';
  }

  private serverInit(): Step {
    const b = this.queue.peek(24);
    if (!b) return 'wait';
    const nameLength = b.readUInt32BE(20);
    if (nameLength > RFB_LIMITS.serverString) this.fail(`ServerInit name of ${nameLength} bytes`);
    const pf = readPixelFormat(b, 4);
    if (this.shared.parseServer && !this.shared.clientPixelFormat && !unambiguousPixelFormat(pf))
      this.fail('server pixel format the relay cannot follow');
    this.shared.serverPixelFormat = pf;
    this.shared.serverInitDone = true;
    this.pass(24 + nameLength);
    this.state = this.shared.parseServer ? 'messages' : 'passthrough';
    return 'progress';
  }

  private get pf(): PixelFormat {
    const pf = this.shared.pixelFormat;
    if (!pf || !unambiguousPixelFormat(pf)) return this.fail('no pixel format the relay can follow');
    return pf;
  }

  private message(): Step {
    const head = this.queue.peek(1);
    if (!head) return 'wait';
    switch (head[0]) {
      case SERVER_MSG.framebufferUpdate: {
        const b = this.queue.peek(4);
        if (!b) return 'wait';
        this.rectsLeft = b.readUInt16BE(2);
        this.pass(4);
        if (this.rectsLeft > 0) this.state = 'rect';
        return 'progress';
      }
      case SERVER_MSG.setColorMapEntries: {
        const b = this.queue.peek(6);
        if (!b) return 'wait';
        this.pass(6 + 6 * b.readUInt16BE(4));
        return 'progress';
      }
      case SERVER_MSG.bell:
      case SERVER_MSG.endOfContinuousUpdates:
        this.pass(1);
        return 'progress';
      case SERVER_MSG.serverCutText: {
        const b = this.queue.peek(8);
        if (!b) return 'wait';
        // Plain or extended (negative length): the policy stops both; dropped as it streams.
        this.drop(8 + Math.abs(b.readInt32BE(4)));
        return 'progress';
      }
      case SERVER_MSG.serverFence: {
        const b = this.queue.peek(9);
        if (!b) return 'wait';
        if (b[8] > RFB_LIMITS.fencePayload) this.fail(`ServerFence payload of ${b[8]} bytes`);
        this.pass(9 + b[8]);
        return 'progress';
      }
      case SERVER_MSG.xvp:
        if (!this.queue.peek(4)) return 'wait';
        this.pass(4);
        return 'progress';
      case SERVER_MSG.qemu: {
        const b = this.queue.peek(4);
        if (!b) return 'wait';
        const op = b.readUInt16BE(2);
        if (b[1] !== 1 || op > 2) this.fail(`unknown QEMU server message ${b[1]}/${op}`);
        if (op < 2) {
          this.pass(4);
          return 'progress';
        }
        const d = this.queue.peek(8);
        if (!d) return 'wait';
        this.pass(8 + d.readUInt32BE(4));
        return 'progress';
      }
      default:
        return this.fail(`unknown server message type ${head[0]}`);
    }
  }

  /** One rectangle header of a FramebufferUpdate, then its body. */
  private rectangle(): Step {
    const b = this.queue.peek(12);
    if (!b) return 'wait';
    const w = b.readUInt16BE(4);
    const h = b.readUInt16BE(6);
    const encoding = b.readInt32BE(8);
    if (!PARSEABLE_ENCODINGS.has(encoding)) this.fail(`server used encoding ${encoding}`);
    this.rect = { w, h, encoding };
    this.pass(12);
    this.rectsLeft--;
    this.state = this.rectsLeft > 0 ? 'rect' : 'messages';
    const bpp = bytesPerPixel(this.pf);
    switch (encoding) {
      case ENC.raw:
        this.pass(w * h * bpp);
        return 'progress';
      case ENC.copyRect:
        return this.then(4);
      case ENC.lastRect:
        this.state = 'messages';
        return 'progress';
      case ENC.desktopSize:
      case ENC.qemuExtendedKeyEvent:
      case ENC.qemuAudio:
      case ENC.xvp:
      case ENC.fence:
      case ENC.continuousUpdates:
      case ENC.extendedClipboard:
        return 'progress';
      case ENC.qemuLedEvent:
        return this.then(1);
      case ENC.cursor:
        return this.then(w * h * bpp + ((w + 7) >> 3) * h);
      case ENC.rre:
        return this.sized(4 + bpp, (hdr) => hdr.readUInt32BE(0) * (bpp + 8));
      case ENC.zlib:
      case ENC.zrle:
      case ENC.desktopName:
        return this.sized(4, (hdr) => hdr.readUInt32BE(0));
      case ENC.h264:
        return this.sized(8, (hdr) => hdr.readUInt32BE(0));
      case ENC.extendedDesktopSize:
        return this.sized(4, (hdr) => 16 * hdr[0]);
      case ENC.hextile:
        return this.startHextile();
      case ENC.tight:
      case ENC.tightPng:
        this.resumeAt = this.state;
        this.state = 'tight';
        return 'progress';
      default:
        return this.fail(`server used encoding ${encoding}`);
    }
  }

  /** A rectangle body of fixed size. */
  private then(size: number): Step {
    this.pass(size);
    return 'progress';
  }

  /**
   * A body that starts with a header of `headerSize` bytes telling the rest. Until the header has
   * arrived, the parser stays in a state that reads it; the rectangle's header is already forwarded.
   */
  private sized(headerSize: number, rest: (header: Buffer) => number): Step {
    this.pendingBody = { headerSize, rest };
    this.resumeAt = this.state;
    this.state = 'body';
    return 'progress';
  }

  private pendingBody: { headerSize: number; rest: (header: Buffer) => number } | null = null;
  /** The state after the current rectangle's body (next rectangle or next message). */
  private resumeAt: State = 'messages';

  private startHextile(): Step {
    this.resumeAt = this.state;
    this.tileX = 0;
    this.tileY = 0;
    if (this.rect.w === 0 || this.rect.h === 0) return 'progress';
    this.state = 'hextile';
    return 'progress';
  }

  private hextileTile(): Step {
    const b = this.queue.peek(1);
    if (!b) return 'wait';
    const bpp = bytesPerPixel(this.pf);
    const tw = Math.min(16, this.rect.w - this.tileX);
    const th = Math.min(16, this.rect.h - this.tileY);
    const sub = b[0];
    if (sub & 1) {
      this.pass(1 + tw * th * bpp);
    } else {
      const header = 1 + (sub & 2 ? bpp : 0) + (sub & 4 ? bpp : 0) + (sub & 8 ? 1 : 0);
      const h = this.queue.peek(header);
      if (!h) return 'wait';
      const subrects = sub & 8 ? h[header - 1] : 0;
      this.pass(header + subrects * (sub & 16 ? bpp + 2 : 2));
    }
    this.tileX += 16;
    if (this.tileX >= this.rect.w) {
      this.tileX = 0;
      this.tileY += 16;
      if (this.tileY >= this.rect.h) this.state = this.resumeAt;
    }
    return 'progress';
  }

  /** A body whose header says its length (RRE, Zlib, ZRLE, H.264, names, screens). */
  private body(): Step {
    const { headerSize, rest } = this.pendingBody ?? this.fail('no body pending');
    const h = this.queue.peek(headerSize);
    if (!h) return 'wait';
    this.pendingBody = null;
    this.state = this.resumeAt;
    this.pass(headerSize + rest(h));
    return 'progress';
  }

  /** Tight and TightPNG: compression control byte, then fill, JPEG, PNG or basic compression. */
  private tight(): Step {
    const b = this.queue.peek(1);
    if (!b) return 'wait';
    const png = this.rect.encoding === ENC.tightPng;
    const mode = b[0] >> 4;
    const tpx = tightPixelSize(this.pf);
    if (mode === 0x8) return this.tightDone(1 + tpx);
    if (mode === 0x9 || (mode === 0xa && png)) return this.tightCompact(1);
    if (mode > 0x7 || png) return this.fail(`Tight compression control ${b[0]}`);
    // Basic compression, optionally with a filter id byte.
    let at = 1;
    let filter = 0;
    if (mode & 0x4) {
      const f = this.queue.peek(2);
      if (!f) return 'wait';
      filter = f[1];
      at = 2;
    }
    const { w, h } = this.rect;
    let size: number;
    if (filter === 0 || filter === 2) size = w * h * tpx;
    else if (filter === 1) {
      const p = this.queue.peek(at + 1);
      if (!p) return 'wait';
      const colors = p[at] + 1;
      at += 1 + colors * tpx;
      if (!this.queue.peek(at)) return 'wait';
      size = (colors === 2 ? (w + 7) >> 3 : w) * h;
    } else return this.fail(`Tight filter ${filter}`);
    if (size < 12) return this.tightDone(at + size);
    return this.tightCompact(at);
  }

  /** A compact length (1–3 bytes) at `at`, then that many bytes. */
  private tightCompact(at: number): Step {
    let length = 0;
    for (let i = 0; i < 3; i++) {
      const b = this.queue.peek(at + i + 1);
      if (!b) return 'wait';
      const byte = b[at + i];
      length |= (i < 2 ? byte & 0x7f : byte) << (7 * i);
      if (i === 2 || !(byte & 0x80)) return this.tightDone(at + i + 1 + length);
    }
    return this.fail('unreachable');
  }

  private tightDone(size: number): Step {
    this.state = this.resumeAt;
    this.pass(size);
    return 'progress';
  }
}
