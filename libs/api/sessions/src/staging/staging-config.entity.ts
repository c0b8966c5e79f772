import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClientSettings } from '@caster/contracts';

@Entity({ name: 'staging_configs' })
export class StagingConfigEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'integer' }) desiredSessions!: number;
  @Column({ type: 'double precision' }) expirationHours!: number;
  @Column({ type: 'jsonb' }) clientSettings!: ClientSettings;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
