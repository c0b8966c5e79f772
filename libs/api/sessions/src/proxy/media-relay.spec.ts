import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { MEDIA_BACKLOG, relayMedia } from './media-relay';

/** Just enough of a ws WebSocket: what was sent to it, and a way to make it emit. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: Buffer[] = [];
  closed = false;
  send(data: Buffer): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }
  terminate(): void {
    this.close();
  }
}

function pair(stream: 'audio' | 'microphone') {
  const client = new FakeSocket();
  const upstream = new FakeSocket();
  const warnings: string[] = [];
  relayMedia(client as unknown as WebSocket, upstream as unknown as WebSocket, stream, {
    warn: (m) => warnings.push(m),
  });
  return { client, upstream, warnings };
}

describe('relayMedia', () => {
  it('audio: the session’s bytes reach the viewer; the viewer’s reach nothing', () => {
    const { client, upstream } = pair('audio');
    upstream.emit('message', Buffer.from([1, 2, 3, 4]), true);
    client.emit('message', Buffer.from('keys from a viewer'), false);
    expect(client.sent).toEqual([Buffer.from([1, 2, 3, 4])]);
    expect(upstream.sent).toEqual([]);
  });

  it('microphone: the viewer’s bytes reach the session; the session’s reach nothing', () => {
    const { client, upstream } = pair('microphone');
    client.emit('message', Buffer.from([5, 6]), true);
    upstream.emit('message', Buffer.from('anything'), true);
    expect(upstream.sent).toEqual([Buffer.from([5, 6])]);
    expect(client.sent).toEqual([]);
  });

  it('drops chunks instead of queueing past the backlog, and says so on close', () => {
    const { client, upstream, warnings } = pair('audio');
    client.bufferedAmount = MEDIA_BACKLOG + 1;
    upstream.emit('message', Buffer.alloc(960), true);
    expect(client.sent).toEqual([]);
    client.bufferedAmount = 0;
    upstream.emit('message', Buffer.alloc(960), true);
    expect(client.sent).toHaveLength(1);
    upstream.emit('close');
    expect(client.closed).toBe(true);
    expect(warnings.join()).toMatch(/1 chunks dropped/);
  });

  it('counts the chunk itself against the backlog: one oversized message is dropped, not queued', () => {
    const { client, upstream, warnings } = pair('microphone');
    client.emit('message', Buffer.alloc(MEDIA_BACKLOG + 1), true);
    upstream.bufferedAmount = MEDIA_BACKLOG - 100;
    client.emit('message', Buffer.alloc(200), true);
    expect(upstream.sent).toEqual([]);
    upstream.bufferedAmount = 0;
    client.emit('message', Buffer.alloc(MEDIA_BACKLOG), true);
    expect(upstream.sent).toHaveLength(1);
    client.emit('close');
    expect(warnings.join()).toMatch(/2 chunks dropped/);
  });

  it('either side closing closes the other', () => {
    const { client, upstream } = pair('microphone');
    client.emit('close');
    expect(upstream.closed).toBe(true);
  });
});
