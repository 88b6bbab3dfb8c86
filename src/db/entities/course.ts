import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { LANGUAGES, TOPICS } from '../../domain/vocabulary';
import { oneOf } from './constraints';

/**
 * A course of the calendar (src/courses/): one topic (the classifier's TOPICS), one language.
 * Keyed for the CSV import by `code`. Prices are whole kroner excl. VAT: `price_dkk` unless the
 * customer's agreement has its own price in `agreement_prices` (e.g. {"udvidet": 0}).
 */
@Entity('courses')
@Unique('courses_code_key', ['code'])
@Index('ix_courses_topic_language', ['topic', 'language'])
@Check('courses_language_check', oneOf('language', LANGUAGES))
@Check('courses_topic_check', oneOf('topic', TOPICS))
@Check('courses_price_check', 'price_dkk >= 0')
export class Course {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'courses_pkey' })
  id: number;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  title: string;

  /** Where it is held ("Aarhus, Ventu, Søren Frichs Vej 38"), or "online". */
  @Column({ type: 'text' })
  place: string;

  @Column({ name: 'price_dkk', type: 'integer' })
  priceDkk: number;

  @Column({ name: 'agreement_prices', type: 'jsonb', default: () => "'{}'" })
  agreementPrices: Record<string, number>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
