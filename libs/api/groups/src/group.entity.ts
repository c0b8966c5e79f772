import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GroupSettings } from '@caster/contracts';

/**
 * A group. Members are rows of group_members and granted workspaces rows of group_workspaces
 * (both owned by this module, queried in SQL); the system group has no member rows.
 */
@Entity({ name: 'groups' })
export class GroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description!: string;

  @Column({ type: 'integer' })
  priority!: number;

  @Column({ type: 'boolean', default: false })
  system!: boolean;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  settings!: GroupSettings;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
