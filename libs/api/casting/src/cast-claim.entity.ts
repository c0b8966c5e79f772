import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CastClaimStage } from '@caster/contracts';

/** One cast request (or link check) and what came of it (an error code, or "ok"). */
@Entity({ name: 'cast_claims' })
export class CastClaimEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) castConfigId!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'varchar', length: 64 }) ip!: string;
  @Column({ type: 'varchar', length: 64 }) outcome!: string;
  @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ type: 'uuid', nullable: true }) sessionId!: string | null;
  /** `cast`: POST /api/cast/:key; `check`: a refusal of GET /api/cast/:key (its successes are not kept). */
  @Column({ type: 'varchar', length: 8, default: 'cast' }) stage!: CastClaimStage;
  /** Made with an administrator's "Open as a visitor" token (see CastTestVisits). */
  @Column({ type: 'boolean', default: false }) test!: boolean;
}
