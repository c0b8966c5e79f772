import { ByteQueue } from './rfb-bytes';
import { RFB_LIMITS, RfbViolation, type RfbShared } from './rfb-protocol';

/** A step either consumed something (and may be called again) or needs more bytes/knowledge. */
export type Step = 'progress' | 'wait';

/**
 * One direction of an RFB connection as a streaming state machine. `push` takes whatever bytes a
 * WebSocket frame carried and answers the bytes that may go on (slices of the input, or a rewritten
 * message); a message body is passed or dropped as it streams, so memory stays at one header.
 * After a violation the direction refuses everything.
 */
export abstract class RfbStream {
  protected readonly queue = new ByteQueue();
  protected out: Buffer[] = [];
  private passLeft = 0;
  private dropLeft = 0;
  private failed: string | null = null;
  /** Steps taken so far: lets the connection see whether a resume moved anything. */
  progressCount = 0;

  constructor(
    protected readonly shared: RfbShared,
    private readonly side: 'client' | 'server',
  ) {}

  /** Why this direction stopped, if it did. */
  get violation(): string | null {
    return this.failed;
  }

  /** Feeds bytes; answers what to forward. Throws RfbViolation when the connection must close. */
  push(chunk: Buffer): Buffer[] {
    if (this.failed) throw new RfbViolation(this.failed);
    this.queue.push(chunk);
    return this.drain();
  }

  /** Re-runs the parser after the other direction learned something this one waited for. */
  resume(): Buffer[] {
    if (this.failed) throw new RfbViolation(this.failed);
    return this.drain();
  }

  private drain(): Buffer[] {
    this.out = [];
    try {
      for (;;) {
        if (this.passLeft > 0) {
          this.passLeft -= this.queue.take(this.passLeft, this.out);
          if (this.passLeft > 0) break;
          continue;
        }
        if (this.dropLeft > 0) {
          const n = this.queue.take(this.dropLeft);
          this.dropLeft -= n;
          this.shared.dropped[this.side] += n;
          if (this.dropLeft > 0) break;
          continue;
        }
        if (this.queue.length === 0 && !this.stepsWithoutInput()) break;
        if (this.step() === 'wait') {
          this.checkPending();
          break;
        }
        this.progressCount++;
      }
    } catch (e) {
      this.failed = e instanceof Error ? e.message : String(e);
      throw e instanceof RfbViolation ? e : new RfbViolation(this.failed);
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Parses at most one thing at the front of the queue. */
  protected abstract step(): Step;

  /** A state that may act with an empty queue (none do by default). */
  protected stepsWithoutInput(): boolean {
    return false;
  }

  /**
   * Called when a step waits. A header is never longer than a few KiB, so more held bytes mean the
   * direction is waiting on the other one (handshake) while its peer keeps sending: bounded.
   */
  private checkPending(): void {
    if (this.queue.length > RFB_LIMITS.pending)
      this.fail(`${this.side} sent ${this.queue.length} bytes the handshake did not allow yet`);
  }

  /** Forwards the next `n` bytes: those present now, the rest as they arrive. */
  protected pass(n: number): void {
    this.passLeft = n - this.queue.take(n, this.out);
  }

  /** Drops the next `n` bytes, now and as they arrive. */
  protected drop(n: number): void {
    const k = this.queue.take(n);
    this.shared.dropped[this.side] += k;
    this.dropLeft = n - k;
  }

  /** Forwards a message the relay rewrote in place of `consumed` input bytes. */
  protected replace(consumed: number, message: Buffer): void {
    this.queue.take(consumed);
    this.out.push(message);
  }

  protected fail(reason: string): never {
    throw new RfbViolation(reason);
  }
}
