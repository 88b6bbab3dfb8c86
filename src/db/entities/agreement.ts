import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AGREEMENT_KINDS } from '../../domain/vocabulary';
import { oneOf } from './constraints';
import type { AgreementKind } from '../../domain/vocabulary';
import type { Company } from './company';

/**
 * A row is one support agreement of a company for a period. A company may have several
 * (e.g. hypercare until go-live, then basis); the one valid on the mail's date applies.
 */
@Entity('agreements')
@Index('ix_agreements_company', ['companyId', 'validFrom'])
@Check('agreements_kind_check', oneOf('kind', AGREEMENT_KINDS))
@Check('agreements_check', 'valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from')
export class Agreement {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'agreements_pkey' })
  id: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId: number;

  @ManyToOne('Company', 'agreements', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'agreements_company_id_fkey' })
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
