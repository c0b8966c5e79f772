import type { RawData, WebSocket } from 'ws';
import { RfbConnection, type RfbOutput } from './rfb-connection';
import { RfbViolation, type RfbPolicy } from './rfb-protocol';

export type { RfbPolicy } from './rfb-protocol';

export interface RelayLog {
  warn(message: string): void;
}

export interface RelayOptions {
  /** How long the server may stay silent before the socket is judged not to be RFB. */
  detectMs?: number;
  /** Once, when the server turns out to speak RFB (only then can input be seen). */
  onRfb?: () => void;
  /** After a client frame that carried keyboard or pointer input the policy let through. */
  onInput?: () => void;
}

/** A server's first bytes when it speaks RFB. */
const RFB_BANNER = Buffer.from('RFB 003.00');
/** Bytes queued towards one peer beyond which the other peer is not read (backpressure). */
const HIGH_WATER = 16 * 1024 * 1024;
/** Bytes a connection may hold while deciding whether the server speaks RFB. */
const DETECT_LIMIT = 64 * 1024;
const DEFAULT_DETECT_MS = 2000;

interface Frame {
  data: Buffer;
  binary: boolean;
}

/**
 * Relays one viewer WebSocket to a session's WebSocket. The server's first bytes decide the mode:
 * - `RFB 003.00x\n` → RFB: every client message is parsed and the policy applied (see
 *   docs/security/rfb-relay.md); a violation closes both sockets with the logged reason.
 * - anything else (or a client that talks first with bytes that cannot begin an RFB version, or a
 *   server silent for `detectMs`) → not RFB: owners get a plain pass-through, view-only viewers are
 *   closed (nothing but RFB can be checked for "no input").
 * Until the mode is decided nothing reaches the server.
 */
export function relay(
  client: WebSocket,
  upstream: WebSocket,
  policy: RfbPolicy,
  log: RelayLog,
  options: RelayOptions = {},
): void {
  let mode: 'detect' | 'rfb' | 'plain' | 'closed' = 'detect';
  let rfb: RfbConnection | null = null;
  const heldFromClient: Frame[] = [];
  const heldFromServer: Frame[] = [];
  let held = 0;

  const close = (reason?: string): void => {
    if (mode === 'closed') return;
    mode = 'closed';
    clearTimeout(timer);
    if (reason) log.warn(`session socket closed: ${reason}`);
    client.close(reason ? 1008 : 1000, reason ? 'policy violation' : undefined);
    upstream.close();
    // A peer that does not answer the close handshake must not keep the other socket's buffers; one
    // that broke a rule (e.g. still streaming a huge cut text) is not waited for long.
    setTimeout(
      () => {
        client.terminate();
        upstream.terminate();
      },
      reason ? 500 : 5000,
    ).unref();
  };

  const send = (to: WebSocket, from: WebSocket, data: Buffer | Buffer[], binary: boolean): void => {
    const buf = Array.isArray(data) ? joined(data) : data;
    if (buf.length === 0 || to.readyState !== to.OPEN) return;
    to.send(buf, { binary }, () => {
      if (from.isPaused && to.bufferedAmount < HIGH_WATER / 2) from.resume();
    });
    if (to.bufferedAmount > HIGH_WATER && !from.isPaused) from.pause();
  };

  const apply = (out: RfbOutput): void => {
    send(upstream, client, out.toServer, true);
    send(client, upstream, out.toClient, true);
  };

  const fromClient = (conn: RfbConnection, chunk: Buffer): void => {
    const before = conn.shared.inputEvents;
    apply(conn.fromClient(chunk));
    if (conn.shared.inputEvents !== before) options.onInput?.();
  };

  const startRfb = (): void => {
    mode = 'rfb';
    clearTimeout(timer);
    rfb = new RfbConnection(policy);
    options.onRfb?.();
    for (const f of heldFromServer.splice(0)) apply(rfb.fromServer(f.data));
    for (const f of heldFromClient.splice(0)) fromClient(rfb, f.data);
  };

  const startPlain = (why: string): void => {
    clearTimeout(timer);
    if (policy.viewOnly) return close(`view-only viewer on a socket that is not RFB (${why})`);
    mode = 'plain';
    for (const f of heldFromServer.splice(0)) send(client, upstream, f.data, f.binary);
    for (const f of heldFromClient.splice(0)) send(upstream, client, f.data, f.binary);
  };

  /** Decides once the server's first bytes say RFB or not (or the client's say "not RFB"). */
  const detect = (): void => {
    const first = Buffer.concat(heldFromServer.map((f) => f.data)).subarray(0, RFB_BANNER.length);
    if (first.length > 0) {
      if (!RFB_BANNER.subarray(0, first.length).equals(first)) return startPlain('server banner');
      if (first.length === RFB_BANNER.length) return startRfb();
    } else if (heldFromClient.length > 0 && heldFromClient[0].data[0] !== RFB_BANNER[0]) {
      // An RFB server reads the client's first bytes as its version: one that cannot start "RFB "
      // is refused by any RFB server, so this socket is not (or cannot be used as) RFB.
      return startPlain('client spoke first');
    }
    if (held > DETECT_LIMIT) close('too many bytes before the server spoke');
  };

  const timer = setTimeout(() => {
    if (mode === 'detect') startPlain('server silent');
  }, options.detectMs ?? DEFAULT_DETECT_MS);

  const onData = (from: 'client' | 'server', data: RawData, binary: boolean): void => {
    const chunk = toBuffer(data);
    try {
      switch (mode) {
        case 'closed':
          return;
        case 'detect':
          (from === 'client' ? heldFromClient : heldFromServer).push({ data: chunk, binary });
          held += chunk.length;
          return detect();
        case 'plain':
          if (from === 'client') send(upstream, client, chunk, binary);
          else send(client, upstream, chunk, binary);
          return;
        case 'rfb':
          if (!binary) return close(`text frame from the ${from} on an RFB socket`);
          if (from === 'server') return apply(rfb!.fromServer(chunk));
          return fromClient(rfb!, chunk);
      }
    } catch (e) {
      if (e instanceof RfbViolation) return close(e.message);
      close(`relay error: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  client.on('message', (d: RawData, binary: boolean) => onData('client', d, binary));
  upstream.on('message', (d: RawData, binary: boolean) => onData('server', d, binary));
  client.on('close', () => close());
  upstream.on('close', () => close());
  client.on('error', () => close());
  upstream.on('error', () => close());
}

/** One buffer for the slices, copying only when they are not already side by side in one frame. */
export function joined(parts: Buffer[]): Buffer {
  const merged: Buffer[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (last && last.buffer === p.buffer && last.byteOffset + last.length === p.byteOffset)
      merged[merged.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + p.length);
    else if (p.length > 0) merged.push(p);
  }
  if (merged.length === 0) return Buffer.alloc(0);
  return merged.length === 1 ? merged[0] : Buffer.concat(merged);
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
