import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A single row whose counter moves on every change to the registry tables, so that each
 * worker's registry cache knows when to reload. The statement triggers that bump it
 * (registry_generation_bump) live in migration 1765100000000: TypeORM cannot describe triggers.
 */
@Entity('registry_generation')
@Check('registry_generation_id_check', 'id = 1')
export class RegistryGeneration {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'registry_generation_pkey' })
  id: number;

  @Column({ type: 'bigint' })
  n: string;
}
