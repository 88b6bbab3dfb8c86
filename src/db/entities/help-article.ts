import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { LANGUAGES, TOPICS } from '../../domain/vocabulary';
import { oneOf } from './constraints';

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/**
 * One help-centre article in one language (src/help/). Keyed for the CSV import by URL and
 * language. Every change bumps help_generation (a statement trigger, migration
 * 1796500000500), so the search index in each process reloads only when the catalogue moved.
 */
@Entity('help_articles')
@Unique('help_articles_url_language_key', ['url', 'language'])
@Check('help_articles_language_check', oneOf('language', LANGUAGES))
@Check('help_articles_topics_check', `topics <@ ARRAY[${TOPICS.map(quote).join(', ')}]::text[]`)
@Check('help_articles_url_check', `url ~ '^https?://'`)
export class HelpArticle {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'help_articles_pkey' })
  id: number;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  title: string;

  /** One or two sentences: what the article answers (searched, and shown to agents). */
  @Column({ type: 'text', default: '' })
  summary: string;

  /** Microbizz areas (TOPICS) the article belongs to; the mail's topic favours them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  topics: string[];

  /** Words a customer would use for the problem (inflections, synonyms), searched with the title. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
