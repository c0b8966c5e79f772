import { RfbClientParser } from './rfb-client-parser';
import { RfbShared, type RfbPolicy } from './rfb-protocol';
import { RfbServerParser } from './rfb-server-parser';

export interface RfbOutput {
  toServer: Buffer[];
  toClient: Buffer[];
}

/**
 * Both directions of one RFB connection, pure (no sockets): bytes in from either side, bytes out to
 * either side. Each direction may wait for what the other learns (the client's next handshake bytes
 * depend on the server's security choice and vice versa), so every input re-runs the other direction.
 * Throws RfbViolation when the connection must close.
 */
export class RfbConnection {
  readonly shared: RfbShared;
  private readonly client: RfbClientParser;
  private readonly server: RfbServerParser;

  constructor(policy: RfbPolicy) {
    this.shared = new RfbShared(policy);
    this.client = new RfbClientParser(this.shared);
    this.server = new RfbServerParser(this.shared);
  }

  fromClient(chunk: Buffer): RfbOutput {
    return this.settle({ toServer: this.client.push(chunk), toClient: [] }, 'server');
  }

  fromServer(chunk: Buffer): RfbOutput {
    return this.settle({ toServer: [], toClient: this.server.push(chunk) }, 'client');
  }

  /** Resumes the directions in turn until neither moves (each resume may unblock the other). */
  private settle(out: RfbOutput, next: 'client' | 'server'): RfbOutput {
    for (let idle = 0; idle < 2; next = next === 'client' ? 'server' : 'client') {
      const parser = next === 'client' ? this.client : this.server;
      const before = parser.progressCount;
      const produced = parser.resume();
      if (next === 'client') out.toServer.push(...produced);
      else out.toClient.push(...produced);
      idle = parser.progressCount === before ? idle + 1 : 0;
    }
    return out;
  }
}
