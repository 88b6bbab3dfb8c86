import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SupportContact } from './support-contact';

/** A row is one mail address of a support contact; an address belongs to at most one contact. */
@Entity('contact_addresses')
@Unique('contact_addresses_address_key', ['address'])
@Check('contact_addresses_address_check', 'address = lower(address)')
export class ContactAddress {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'contact_addresses_pkey' })
  id: number;

  @Column({ name: 'contact_id', type: 'integer' })
  contactId: number;

  @ManyToOne('SupportContact', 'addresses', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'contact_addresses_contact_id_fkey' })
  contact: SupportContact;

  /** Lower-case. */
  @Column({ type: 'text' })
  address: string;
}
