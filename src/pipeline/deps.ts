import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema';
import type { Logger } from '../shared/logger';
import type { Classification, ClassifierInput } from './classify/types';
import type { TemplateRenderer } from '../tickets/replies/render';
import type { ParsePool } from './parse-pool/pool';
import type { HelpCatalogue } from '../help/catalogue';

/** What the inbound pipeline needs from the outside world; built once per process (src/main). */
export interface PipelineDeps {
  db: DataSource;
  config: Config;
  log: Logger;
  classifier: { classify(input: ClassifierInput): Classification };
  renderer: TemplateRenderer;
  /** Worker threads that parse mail off the event loop (parse-pool/pool.ts). */
  parser: ParsePool;
  /** The help-centre catalogue's search index (src/help), for the articles a support reply lists. */
  help: HelpCatalogue;
  /** Injected so tests can move time (reopen window, reply budget). */
  now: () => Date;
}

export type MailOutcome =
  | { state: 'processed'; ticketReference: string; ticketId: number; created: boolean; outboxId: string | null; replyKind: string | null; suppressed: string | null }
  | { state: 'ignored'; reason: string }
  /** An oversize mail is quarantined with a needs-triage ticket and a notice (ticket and reply set). */
  | { state: 'quarantined'; reason: string; ticketReference?: string; ticketId?: number; outboxId?: string | null; suppressed?: string | null }
  | { state: 'skipped'; reason: string };
