import {
  ENC,
  PARSEABLE_ENCODINGS,
  RFB_LIMITS,
  SECURITY,
  isLevelPseudoEncoding,
  readPixelFormat,
  unambiguousPixelFormat,
  type RfbMinor,
  type RfbShared,
} from './rfb-protocol';
import { RfbStream, type Step } from './rfb-stream';

type State = 'version' | 'security' | 'vnc-auth' | 'client-init' | 'messages';

const VERSION = /^RFB 003\.00([378])\n$/;

/** Client message types (RFC 6143 §7.5 and the extensions noVNC and TigerVNC speak). */
export const CLIENT_MSG = {
  setPixelFormat: 0,
  setEncodings: 2,
  framebufferUpdateRequest: 3,
  keyEvent: 4,
  pointerEvent: 5,
  clientCutText: 6,
  enableContinuousUpdates: 150,
  clientFence: 248,
  xvp: 250,
  setDesktopSize: 251,
  qemu: 255,
} as const;

/**
 * The client → server direction: follows the 3.3/3.7/3.8 handshake (waiting for the server's side
 * where the client's next bytes depend on it), then sizes every client message, drops what the
 * policy forbids, rewrites SetEncodings to what the relay can follow, and closes on anything unknown
 * or too long.
 */
export class RfbClientParser extends RfbStream {
  private state: State = 'version';

  constructor(shared: RfbShared) {
    super(shared, 'client');
  }

  protected step(): Step {
    switch (this.state) {
      case 'version':
        return this.version();
      case 'security':
        return this.security();
      case 'vnc-auth':
        if (!this.queue.peek(16)) return 'wait';
        this.pass(16);
        this.state = 'client-init';
        return 'progress';
      case 'client-init': {
        if (!this.queue.peek(1)) return 'wait';
        // Always ask for a shared session: an exclusive ClientInit would cut every other viewer,
        // the owner included.
        this.replace(1, Buffer.from([1]));
        this.state = 'messages';
        return 'progress';
      }
      case 'messages':
        // Until ServerInit has been seen the pixel format is unknown; hold the client's messages.
        if (!this.shared.serverInitDone) return 'wait';
        return this.message();
    }
  }

  private version(): Step {
    if (this.shared.serverMinor === null) return 'wait';
    const b = this.queue.peek(12);
    if (!b) return 'wait';
    const m = VERSION.exec(b.toString('latin1'));
    if (!m) this.fail('client ProtocolVersion is not RFB 3.3, 3.7 or 3.8');
    const minor = Number(m[1]) as RfbMinor;
    if (minor > this.shared.serverMinor) this.fail('client ProtocolVersion is above the server’s');
    this.shared.minor = minor;
    this.pass(12);
    this.state = 'security';
    return 'progress';
  }

  private security(): Step {
    const offered = this.shared.offeredTypes;
    if (offered === null) return 'wait';
    if (this.shared.minor === 3) {
      // 3.3: the server chose; the client answers only a VncAuth challenge.
      this.state = this.shared.securityType === SECURITY.vncAuth ? 'vnc-auth' : 'client-init';
      return 'progress';
    }
    const b = this.queue.peek(1);
    if (!b) return 'wait';
    if (!offered.includes(b[0])) this.fail(`client chose security type ${b[0]}, not offered`);
    this.shared.securityType = b[0];
    this.pass(1);
    this.state = b[0] === SECURITY.vncAuth ? 'vnc-auth' : 'client-init';
    return 'progress';
  }

  private message(): Step {
    const head = this.queue.peek(1);
    if (!head) return 'wait';
    const { viewOnly, clipboardUp } = this.shared.policy;
    switch (head[0]) {
      case CLIENT_MSG.setPixelFormat: {
        const b = this.queue.peek(20);
        if (!b) return 'wait';
        const pf = readPixelFormat(b, 4);
        if (this.shared.parseServer) {
          if (!unambiguousPixelFormat(pf)) this.fail('SetPixelFormat the relay cannot follow');
          // An update already under way would be encoded in the old format: the relay could not
          // tell where the switch happens, so a change is only accepted before the first request.
          if (this.shared.updatesRequested) this.fail('SetPixelFormat after updates were requested');
        }
        this.shared.clientPixelFormat = pf;
        return this.forward(20);
      }
      case CLIENT_MSG.setEncodings:
        return this.setEncodings();
      case CLIENT_MSG.framebufferUpdateRequest:
      case CLIENT_MSG.enableContinuousUpdates:
        if (!this.queue.peek(10)) return 'wait';
        this.shared.updatesRequested = true;
        return this.forward(10);
      case CLIENT_MSG.keyEvent:
        return this.input(8);
      case CLIENT_MSG.pointerEvent:
        // Always 6 bytes: the extended-mouse-buttons encoding (7-byte events) is never let through.
        return this.input(6);
      case CLIENT_MSG.clientCutText: {
        const b = this.queue.peek(8);
        if (!b) return 'wait';
        // A negative length is the extended clipboard (its absolute value is the payload size).
        const length = Math.abs(b.readInt32BE(4));
        if (length > RFB_LIMITS.clientCutText)
          this.fail(`ClientCutText of ${length} bytes is above the ${RFB_LIMITS.clientCutText} limit`);
        if (viewOnly || !clipboardUp) this.drop(8 + length);
        else this.pass(8 + length);
        return 'progress';
      }
      case CLIENT_MSG.clientFence: {
        const b = this.queue.peek(9);
        if (!b) return 'wait';
        if (b[8] > RFB_LIMITS.fencePayload) this.fail(`ClientFence payload of ${b[8]} bytes`);
        if (!this.queue.peek(9 + b[8])) return 'wait';
        return this.forward(9 + b[8]);
      }
      case CLIENT_MSG.xvp:
        return this.fixed(4, viewOnly);
      case CLIENT_MSG.setDesktopSize: {
        const b = this.queue.peek(8);
        if (!b) return 'wait';
        return this.fixed(8 + 16 * b[6], viewOnly);
      }
      case CLIENT_MSG.qemu:
        return this.qemu();
      default:
        return this.fail(`unknown client message type ${head[0]}`);
    }
  }

  private qemu(): Step {
    const b = this.queue.peek(4);
    if (!b) return 'wait';
    if (b[1] === 0) return this.input(12); // extended key event
    if (b[1] === 1) {
      // audio: 0 enable, 1 disable, 2 set format (+ u8 format, u8 channels, u32 frequency)
      const op = b.readUInt16BE(2);
      if (op === 0 || op === 1) return this.fixed(4, false);
      if (op === 2) return this.fixed(10, false);
      return this.fail(`unknown QEMU audio operation ${op}`);
    }
    return this.fail(`unknown QEMU client message subtype ${b[1]}`);
  }

  private setEncodings(): Step {
    const b = this.queue.peek(4);
    if (!b) return 'wait';
    const count = b.readUInt16BE(2);
    if (count > RFB_LIMITS.encodings)
      this.fail(`SetEncodings with ${count} encodings is above the ${RFB_LIMITS.encodings} limit`);
    const all = this.queue.peek(4 + 4 * count);
    if (!all) return 'wait';
    const { clipboardUp, clipboardDown } = this.shared.policy;
    const kept: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = all.readInt32BE(4 + 4 * i);
      // Seven-byte pointer events would make the message sizes depend on state the relay would
      // have to guess; without the encoding the server reads six-byte events like the relay.
      if (e === ENC.extendedMouseButtons) continue;
      // With either direction closed, both sides fall back to plain cut text, which the relay filters.
      if (e === ENC.extendedClipboard && !(clipboardUp && clipboardDown)) continue;
      if (this.shared.parseServer && !PARSEABLE_ENCODINGS.has(e) && !isLevelPseudoEncoding(e)) continue;
      kept.push(e);
    }
    if (kept.length === count) return this.forward(4 + 4 * count);
    const msg = Buffer.alloc(4 + 4 * kept.length);
    msg[0] = CLIENT_MSG.setEncodings;
    msg.writeUInt16BE(kept.length, 2);
    kept.forEach((e, i) => msg.writeInt32BE(e, 4 + 4 * i));
    this.replace(4 + 4 * count, msg);
    return 'progress';
  }

  private fixed(size: number, dropIt: boolean): Step {
    if (!this.queue.peek(size)) return 'wait';
    if (dropIt) this.drop(size);
    else this.pass(size);
    return 'progress';
  }

  /** A key or pointer event: dropped for view-only viewers, else passed and counted as input. */
  private input(size: number): Step {
    const step = this.fixed(size, this.shared.policy.viewOnly);
    if (step === 'progress' && !this.shared.policy.viewOnly) this.shared.inputEvents++;
    return step;
  }

  private forward(size: number): Step {
    this.pass(size);
    return 'progress';
  }
}
