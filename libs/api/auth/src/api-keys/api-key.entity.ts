import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ApiKeyPermission } from '@caster/contracts';

/** A Developer API key. Only the SHA-256 of its secret is kept (see api-key-secrets.ts). */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 128 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'char', length: 64, select: false }) secretHash!: string;
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" }) permissions!: ApiKeyPermission[];
  @Column({ type: 'boolean', default: false }) readOnly!: boolean;
  @Column({ type: 'boolean', default: true }) enabled!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
