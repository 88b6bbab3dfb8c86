import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SupportContact } from './support-contact';

/** A row is one mail address of a support contact; an address belongs to at most one contact. */
@Entity('contact_addresses')
export class ContactAddress {
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  id: number;

  @Column({ name: 'contact_id', type: 'integer' })
  contactId: number;

  @ManyToOne('SupportContact', 'addresses', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact: SupportContact;

  /** Lower-case. */
  @Column({ type: 'text', unique: true })
  address: string;
}
