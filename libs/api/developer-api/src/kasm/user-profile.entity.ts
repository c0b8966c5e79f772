import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Kasm's profile fields of a user; Caster keeps them for Developer API clients only. */
@Entity({ name: 'user_profiles' })
export class UserProfileEntity {
  @PrimaryColumn({ type: 'uuid' }) userId!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) firstName!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) lastName!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) phone!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) organization!: string | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) notes!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
