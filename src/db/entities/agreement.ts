import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementKind } from '../../domain/vocabulary';
import type { Company } from './company';

/**
 * A row is one support agreement of a company for a period. A company may have several
 * (e.g. hypercare until go-live, then basis); the one valid on the mail's date applies.
 */
@Entity('agreements')
@Index(['companyId', 'validFrom'])
export class Agreement {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId: number;

  @ManyToOne('Company', 'agreements', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id' })
  company: Company;

  @Column({ type: 'text' })
  kind: AgreementKind;

  /** First day it applies (inclusive); null: since always. */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom: string | null;

  /** Last day it applies (inclusive); null: open-ended. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;
}
