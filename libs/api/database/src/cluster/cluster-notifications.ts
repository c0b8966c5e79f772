import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type Notification } from 'pg';
import type { DataSource } from 'typeorm';
import { CASTER_CONFIG, type CasterConfig } from '@caster/api/config';
import { ReplicaRegistry } from './replica-registry';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7_900;
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

interface Envelope {
  /** The replica that sent it; a replica skips its own (it already told its local listeners). */
  o: string;
  p: unknown;
}

type Handler = (payload: unknown) => void;

/**
 * Messages between replicas over PostgreSQL LISTEN/NOTIFY. One dedicated connection listens (a
 * pooled one would lose its LISTEN when handed back); it reconnects with a growing pause after the
 * database restarts, and then tells `onReconnect` subscribers that messages may have been missed.
 * With embedded PGlite there are no other replicas: publish does nothing, nothing is heard.
 */
@Injectable()
export class ClusterNotifications implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ClusterNotifications');
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private client?: Client;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private everConnected = false;
  private closing = false;
  /** Publishes go out one after another, so the others hear them in the order they were sent. */
  private sending: Promise<void> = Promise.resolve();
  private readonly queue: { channel: string; text: string }[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CASTER_CONFIG) private readonly config: CasterConfig,
    private readonly registry: ReplicaRegistry,
  ) {}

  /** True while the listening connection is up (false with PGlite). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.databaseUrl) return;
    // A database that is down at start-up fails the start like every other query would.
    await this.connect();
  }

  /** Lets the last messages out while the data source is still open. */
  beforeApplicationShutdown(): Promise<void> {
    return this.sending;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Hears what other replicas publish on `channel`; answers the unsubscribe function. */
  listen(channel: string, handler: Handler): () => void {
    if (!CHANNEL.test(channel)) throw new Error(`bad channel name: ${channel}`);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) void this.client.query(`LISTEN ${channel}`).catch((e: unknown) => this.lost(e));
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Called after the listening connection came back: whatever was sent meanwhile was missed. */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  /**
   * Sends to the other replicas (not to this one), in order. Best effort: a failure is logged, not
   * thrown; the promise settles once this message (and those before it) went out or failed.
   * Messages queued while one send is on the wire leave together in one statement, so a burst of
   * launches costs a few round trips rather than one pooled connection per state change.
   */
  publish(channel: string, payload: unknown): Promise<void> {
    if (!this.config.databaseUrl) return Promise.resolve();
    const text = JSON.stringify({ o: this.registry.id, p: payload } satisfies Envelope);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) {
      this.logger.warn(`not relaying a ${Buffer.byteLength(text)}-byte message on ${channel}: too large`);
      return Promise.resolve();
    }
    this.queue.push({ channel, text });
    this.sending = this.sending.then(() => this.flush());
    return this.sending;
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, 200);
    if (batch.length === 0) return;
    try {
      // Rows are notified in array order; payloads differ (ids, times), so none are merged.
      await this.dataSource.query(
        'SELECT pg_notify(m.channel, m.text) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS m(channel, text, n) ORDER BY m.n',
        [batch.map((m) => m.channel), batch.map((m) => m.text)],
      );
    } catch (e) {
      this.logger.warn(`could not relay ${batch.length} message(s): ${String(e)}`);
    }
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl ?? undefined,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      application_name: `caster-listen:${this.registry.name}`.slice(0, 63),
    });
    client.on('error', (e) => this.lost(e, client));
    client.on('end', () => this.lost(new Error('connection ended'), client));
    client.on('notification', (n) => this.deliver(n));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.everConnected) {
      this.logger.log('listening for other replicas again');
      for (const handler of this.reconnectHandlers) handler();
    }
    this.everConnected = true;
  }

  private lost(e: unknown, client?: Client): void {
    if (client && client !== this.client) return;
    const current = this.client;
    this.client = undefined;
    if (current) {
      this.logger.warn(`lost the listening connection: ${String(e)}`);
      current.removeAllListeners('end');
      void current.end().catch(() => undefined);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing || this.retryTimer) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch((e: unknown) => {
        this.logger.warn(`reconnecting to listen failed (${String(e)}); retrying`);
        this.scheduleReconnect();
      });
    }, delay);
    this.retryTimer.unref();
  }

  private deliver(n: Notification): void {
    const handlers = this.handlers.get(n.channel);
    if (!handlers?.size || !n.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(n.payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.o === this.registry.id) return;
    for (const handler of handlers) {
      try {
        handler(envelope.p);
      } catch (e) {
        this.logger.warn(`a ${n.channel} handler failed: ${String(e)}`);
      }
    }
  }
}
