/**
 * The bytes a relay direction has received but not yet decided on, kept as the WebSocket frames
 * they arrived in. Reading a message header copies only that header (and only when it straddles
 * two frames); bodies are handed on or dropped as slices of the frames, so no frame is ever copied
 * whole and a long message is never held.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0; // offset into chunks[0]
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `n` bytes (contiguous), or null while fewer have arrived. Keep `n` small. */
  peek(n: number): Buffer | null {
    if (n > this.size) return null;
    const first = this.chunks[0];
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    let offset = this.head;
    for (const c of this.chunks) {
      const k = Math.min(n - copied, c.length - offset);
      c.copy(out, copied, offset, offset + k);
      copied += k;
      offset = 0;
      if (copied === n) break;
    }
    return out;
  }

  /** Removes up to `n` bytes; when `out` is given, appends them to it as slices. Answers the count. */
  take(n: number, out?: Buffer[]): number {
    let left = Math.min(n, this.size);
    const taken = left;
    while (left > 0) {
      const first = this.chunks[0];
      const k = Math.min(left, first.length - this.head);
      if (out) out.push(first.subarray(this.head, this.head + k));
      this.head += k;
      left -= k;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.size -= taken;
    return taken;
  }
}
