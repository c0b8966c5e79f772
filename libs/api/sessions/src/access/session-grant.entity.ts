import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `enter`: a single-use code, traded on the session's own origin for an `origin` grant — that
 * origin's cookie, the only kind admitted there (`viewOnly` and `userId` say whose and how much).
 */
export type GrantKind = 'owner' | 'share' | 'viewer' | 'connect' | 'enter' | 'origin';

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
  /** Who it was handed to (the owner, a signed-in viewer); null for links and integrators. */
  @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
