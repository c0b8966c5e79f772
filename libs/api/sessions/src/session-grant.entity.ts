import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type GrantKind = 'owner' | 'share' | 'viewer' | 'connect';

/** Who besides a signed-in owner may reach a session through the proxy (see the migration). */
@Entity({ name: 'session_grants' })
export class SessionGrantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) sessionId!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: GrantKind;
  @Column({ type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ type: 'char', length: 64, nullable: true }) tokenHash!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) shareId!: string | null;
  @Column({ type: 'boolean' }) viewOnly!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
