import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Company } from './company';
import type { ContactAddress } from './contact-address';

/** A row is one person a company has named as support contact (1–2 per company; more when purchased). */
@Entity('support_contacts')
@Unique('support_contacts_company_id_name_key', ['companyId', 'name'])
export class SupportContact {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'support_contacts_pkey' })
  id: number;

  @Column({ name: 'company_id', type: 'integer' })
  companyId: number;

  @ManyToOne('Company', 'contacts', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'support_contacts_company_id_fkey' })
  company: Company;

  @Column({ type: 'text' })
  name: string;

  /** A third or further contact is allowed only when the company bought it. */
  @Column({ type: 'boolean', default: false })
  purchased: boolean;

  @OneToMany('ContactAddress', 'contact', { cascade: true })
  addresses: ContactAddress[];
}
