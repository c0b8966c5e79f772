/**
 * Makes a VNC (RFB 3.8) client stream view-only: passes the handshake and the messages that only
 * ask for pictures, and drops keyboard, pointer and clipboard input. Works on the client→server
 * byte stream, which websockify carries in binary WebSocket frames that may split or join messages.
 */
const FIXED_SIZES: Record<number, number> = {
  0: 20, // SetPixelFormat
  3: 10, // FramebufferUpdateRequest
  4: 8, // KeyEvent            (dropped)
  5: 6, // PointerEvent        (dropped)
};
const DROPPED = new Set([4, 5, 6]);

export class RfbViewOnlyFilter {
  private buffer = Buffer.alloc(0);
  /** Handshake bytes still to pass: ProtocolVersion (12), security type (1), ClientInit (1). */
  private handshakeLeft = 14;
  private broken = false;

  /** Feeds client bytes; answers the bytes that may go on to the server (possibly empty). */
  push(chunk: Buffer): Buffer {
    if (this.broken) return Buffer.alloc(0);
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Buffer[] = [];
    if (this.handshakeLeft > 0) {
      const n = Math.min(this.handshakeLeft, this.buffer.length);
      out.push(this.buffer.subarray(0, n));
      this.buffer = this.buffer.subarray(n);
      this.handshakeLeft -= n;
    }
    while (this.handshakeLeft === 0 && this.buffer.length > 0) {
      const type = this.buffer[0];
      const size = this.messageSize(type);
      if (size === null) {
        // Unknown message type: the stream can no longer be parsed safely, so stop forwarding.
        this.broken = true;
        break;
      }
      if (size === 0 || this.buffer.length < size) break; // wait for the rest
      if (!DROPPED.has(type)) out.push(this.buffer.subarray(0, size));
      this.buffer = this.buffer.subarray(size);
    }
    return Buffer.concat(out);
  }

  /** Bytes of the next message, 0 when its length is not known yet, null for an unknown type. */
  private messageSize(type: number): number | null {
    if (type in FIXED_SIZES) return FIXED_SIZES[type];
    if (type === 2) {
      // SetEncodings: 1 type + 1 pad + 2 count + 4 per encoding
      return this.buffer.length < 4 ? 0 : 4 + 4 * this.buffer.readUInt16BE(2);
    }
    if (type === 6) {
      // ClientCutText: 1 type + 3 pad + 4 length + text (extended clipboard uses a negative length)
      if (this.buffer.length < 8) return 0;
      return 8 + Math.abs(this.buffer.readInt32BE(4));
    }
    return null;
  }
}
