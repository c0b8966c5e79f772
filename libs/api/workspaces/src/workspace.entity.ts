import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { JsonObject, ServerProtocol, WorkspaceProvider, WorkspaceType } from '@caster/contracts';

/**
 * A workspace of any of the four types; columns of the other types are NULL. Pool members are rows
 * of workspace_pool_members; which groups may launch it lives in the groups module.
 */
@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 128 }) name!: string;
  @Column({ type: 'varchar', length: 2000, default: '' }) description!: string;
  @Column({ type: 'varchar', length: 16 }) type!: WorkspaceType;
  @Column({ type: 'boolean', default: true }) enabled!: boolean;

  @Column({ type: 'varchar', length: 512, nullable: true }) image!: string | null;
  @Column({ type: 'double precision', nullable: true }) cores!: number | null;
  @Column({ type: 'integer', nullable: true }) memoryMb!: number | null;
  @Column({ type: 'jsonb', nullable: true }) env!: Record<string, string> | null;
  @Column({ type: 'jsonb', nullable: true }) runConfig!: JsonObject | null;
  @Column({ type: 'jsonb', nullable: true }) execConfig!: JsonObject | null;
  @Column({ type: 'boolean', nullable: true }) allowNetworkSelection!: boolean | null;
  @Column({ type: 'jsonb', nullable: true }) allowedNetworks!: string[] | null;
  /** Container workspaces: sessions may reach the internet (never the host or other sessions). */
  @Column({ type: 'boolean', nullable: true }) internetAccess!: boolean | null;
  @Column({ type: 'varchar', length: 1024, nullable: true }) persistentProfilePath!: string | null;
  @Column({ type: 'integer', nullable: true }) sessionTimeLimitSec!: number | null;
  /** null = SESSION_PROVIDER decides. */
  @Column({ type: 'varchar', length: 16, nullable: true }) provider!: WorkspaceProvider | null;
  @Column({ type: 'jsonb', nullable: true }) placementConstraints!: string[] | null;

  @Column({ type: 'varchar', length: 255, nullable: true }) serverHost!: string | null;
  @Column({ type: 'integer', nullable: true }) serverPort!: number | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) serverProtocol!: ServerProtocol | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) serverUsername!: string | null;
  /** Needed in clear text to connect; write-only through the API. */
  @Column({ type: 'varchar', length: 1024, nullable: true, select: false }) serverPassword!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) serverDomain!: string | null;
  @Column({ type: 'boolean', default: false }) serverIgnoreCertificate!: boolean;
  @Column({ type: 'integer', nullable: true }) poolSessionsPerServer!: number | null;

  @Column({ type: 'varchar', length: 2048, nullable: true }) url!: string | null;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
