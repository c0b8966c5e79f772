import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClientSettings, RemoteAppConfig } from '@caster/contracts';

@Entity({ name: 'cast_configs' })
export class CastConfigEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 128 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'boolean' }) enabled!: boolean;
  @Column({ type: 'boolean' }) allowResume!: boolean;
  @Column({ type: 'boolean' }) allowAnonymous!: boolean;
  @Column({ type: 'boolean' }) requireCaptcha!: boolean;
  @Column({ type: 'uuid', nullable: true }) anonymousGroupId!: string | null;
  @Column({ type: 'boolean' }) limitSessions!: boolean;
  @Column({ type: 'integer', nullable: true }) sessionsRemaining!: number | null;
  /** Live sessions this link may hold at once; null = no limit. */
  @Column({ type: 'integer', nullable: true }) maxConcurrent!: number | null;
  @Column({ type: 'boolean' }) limitIps!: boolean;
  @Column({ type: 'integer', nullable: true }) ipRequestLimit!: number | null;
  @Column({ type: 'integer', nullable: true }) ipRequestSeconds!: number | null;
  @Column({ type: 'varchar', length: 2048, nullable: true }) kasmUrl!: string | null;
  @Column({ type: 'boolean' }) dynamicKasmUrl!: boolean;
  @Column({ type: 'boolean' }) dynamicDockerNetwork!: boolean;
  @Column({ type: 'varchar', length: 2048, nullable: true }) errorUrl!: string | null;
  @Column({ type: 'boolean' }) disableControlPanel!: boolean;
  @Column({ type: 'boolean' }) disableTips!: boolean;
  @Column({ type: 'boolean' }) enableSharing!: boolean;
  @Column({ type: 'boolean' }) disableFixedResolution!: boolean;
  @Column({ type: 'jsonb' }) allowedReferrers!: string[];
  @Column({ type: 'boolean' }) enforceClientSettings!: boolean;
  @Column({ type: 'jsonb' }) clientSettings!: ClientSettings;
  @Column({ type: 'jsonb', nullable: true }) remoteAppConfig!: RemoteAppConfig | null;
  @Column({ type: 'timestamptz', nullable: true }) validUntil!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
