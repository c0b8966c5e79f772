import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClientSettings, SessionConnection, SessionFlags, SessionState } from '@caster/contracts';

@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** null while staged (no owner yet) or after the owner was deleted. */
  @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'varchar', length: 16 }) state!: SessionState;
  @Column({ type: 'varchar', length: 64, nullable: true }) agentId!: string | null;
  @Column({ type: 'varchar', length: 128, nullable: true }) containerId!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) host!: string | null;
  @Column({ type: 'integer', nullable: true }) port!: number | null;
  @Column({ type: 'jsonb' }) clientSettings!: ClientSettings;
  @Column({ type: 'jsonb' }) flags!: SessionFlags;
  @Column({ type: 'varchar', length: 2048, nullable: true }) kasmUrl!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) network!: string | null;
  @Column({ type: 'jsonb', nullable: true }) connection!: SessionConnection | null;
  /** The server workspace a gateway session connects to (a pool's member, or the server itself). */
  @Column({ type: 'uuid', nullable: true }) serverId!: string | null;
  @Column({ type: 'uuid', nullable: true }) castConfigId!: string | null;
  @Column({ type: 'uuid', nullable: true }) stagingConfigId!: string | null;
  /** The replica provisioning it (api_replicas.id); the reconciler fails it if that replica died. */
  @Column({ type: 'uuid', nullable: true }) launchedBy!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) failureCode!: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) failureMessage!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  /** Keepalive expiry: extended by each keepalive. */
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  /** Session time limit: never extended past this. */
  @Column({ type: 'timestamptz', nullable: true }) hardExpiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) stoppedAt!: Date | null;
  /** A warm session in a staging pool is replaced after this. */
  @Column({ type: 'timestamptz', nullable: true }) stagedExpiresAt!: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  /**
   * What the proxy presents to the session's own port (HTTP Basic, user `caster`), so the port
   * answers only to the proxy; given to the container as CASTER_PROXY_SECRET. Never in a view.
   */
  @Column({
    type: 'varchar',
    length: 64,
    default: () => "replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')",
  })
  proxySecret!: string;
}
