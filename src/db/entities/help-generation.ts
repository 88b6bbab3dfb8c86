import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The help catalogue's generation counter (one row), bumped by the trigger on help_articles. */
@Entity('help_generation')
@Check('help_generation_id_check', 'id = 1')
export class HelpGeneration {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'help_generation_pkey' })
  id: number;

  @Column({ type: 'bigint' })
  n: string;
}
