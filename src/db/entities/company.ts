import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Agreement } from './agreement';
import type { SupportContact } from './support-contact';

/** A row is one customer company of Ventu, known by name and by the mail domains it writes from. */
@Entity('companies')
@Unique('companies_name_key', ['name'])
// GIN, so that "which company owns this domain" (domains @> ARRAY[...]) is an index lookup.
@Index('ix_companies_domains', ['domains'], { type: 'gin' })
export class Company {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'companies_pkey' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  /** Lower-case mail domains, e.g. {kragh-el.dk}. A public domain (gmail.com) is never stored here. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  domains: string[];

  /**
   * Public mail domains the company's people write from (gmail.com, hotmail.dk …): information
   * for the desk only, never used to match senders; its people match by their exact addresses.
   */
  @Column({ name: 'public_domains', type: 'text', array: true, default: () => "'{}'" })
  publicDomains: string[];

  @OneToMany('Agreement', 'company')
  agreements: Agreement[];

  @OneToMany('SupportContact', 'company')
  contacts: SupportContact[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
