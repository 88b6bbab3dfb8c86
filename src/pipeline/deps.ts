import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import type { Classification, ClassifierInput } from './classify/types';
import type { TemplateRenderer } from './reply/render';

/** What the inbound pipeline needs from the outside world; built once per process (src/main). */
export interface PipelineDeps {
  db: DataSource;
  config: Config;
  log: Logger;
  classifier: { classify(input: ClassifierInput): Classification };
  renderer: TemplateRenderer;
  /** Injected so tests can move time (reopen window, reply budget). */
  now: () => Date;
}

export type MailOutcome =
  | { state: 'processed'; ticketReference: string; ticketId: number; created: boolean; outboxId: string | null; replyKind: string | null; suppressed: string | null }
  | { state: 'ignored'; reason: string }
  | { state: 'quarantined'; reason: string }
  | { state: 'skipped'; reason: string };
