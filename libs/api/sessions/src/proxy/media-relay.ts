import type { RawData, WebSocket } from 'ws';
import type { MediaStream } from './media-streams';

export interface MediaRelayLog {
  warn(message: string): void;
}

/**
 * Bytes queued towards the receiving peer beyond which new chunks are dropped rather than queued:
 * for live sound a gap is better than a delay that keeps growing. About 2 s of PCM s16le mono 24 kHz.
 */
export const MEDIA_BACKLOG = 96 * 1024;

/**
 * A plain byte relay for a media stream, one direction only:
 * - `audio`: the container's sound to the viewer; whatever the viewer sends is dropped (a listener,
 *   share viewers included, has nothing to say to the container on this socket);
 * - `microphone`: the viewer's PCM to the container; whatever the container sends is dropped.
 * Every message goes on as a binary frame. Either side closing closes the other.
 */
export function relayMedia(
  client: WebSocket,
  upstream: WebSocket,
  stream: MediaStream,
  log: MediaRelayLog,
): void {
  const [from, to] = stream === 'audio' ? [upstream, client] : [client, upstream];
  let dropped = 0;
  let closed = false;

  from.on('message', (data: RawData) => {
    if (to.readyState !== to.OPEN) return;
    // ws hands messages over as one Buffer (binaryType 'nodebuffer', its default). A chunk is
    // counted before it is queued, so no single message (up to the socket's maxPayload) takes the
    // queue past the backlog.
    const chunk = data as Buffer;
    if (to.bufferedAmount + chunk.length > MEDIA_BACKLOG) {
      dropped += 1;
      return;
    }
    to.send(chunk, { binary: true });
  });
  // The other direction is read (so neither side stalls on a full socket) and thrown away.
  to.on('message', () => undefined);

  const close = (): void => {
    if (closed) return;
    closed = true;
    if (dropped > 0) log.warn(`${stream} stream: ${dropped} chunks dropped (receiver too slow)`);
    client.close();
    upstream.close();
    setTimeout(() => {
      client.terminate();
      upstream.terminate();
    }, 2000).unref();
  };
  client.once('close', close);
  upstream.once('close', close);
  client.on('error', close);
  upstream.on('error', close);
}
