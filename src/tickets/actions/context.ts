import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config/schema';
import type { Logger } from '../../shared/logger';
import { ActionError } from '../../shared/errors';
import { ticketQueue } from '../../domain/reply-policy';
import type { Category, SenderStatus, TicketQueue } from '../../domain/vocabulary';
import { addMessage } from '../store';

/**
 * What an agent does to a ticket: one use case per action (this folder), called by the HTML
 * routes and the REST API alike, so a rule (the queue an agent's category leads to, the contact
 * limit) lives in one place. This module holds what they share.
 */
export const AGENT_CATEGORIES = ['error', 'support', 'training', 'service_request'] as const;
export type AgentCategory = (typeof AGENT_CATEGORIES)[number];
export const isAgentCategory = (v: unknown): v is AgentCategory => (AGENT_CATEGORIES as readonly unknown[]).includes(v);

/** What the ticket use cases need from the process. */
export interface TicketDeps {
  db: DataSource;
  config: Config;
  log: Logger;
  now: () => Date;
}

export interface ActionDeps {
  tickets: TicketDeps;
  queues: { enqueueMail(mailId: string): Promise<void>; enqueueReply(outboxId: string): Promise<void> };
}

export interface Actor {
  id: number;
  email: string;
}

export { ActionError };

/** Longest reply or note we accept: far above any real message, well below the body limit. */
export const MAX_TEXT = 20_000;

export interface LockedTicket {
  id: number;
  reference: string;
  subject: string;
  category: Category;
  confidence: number;
  language: 'da' | 'en';
  queue: TicketQueue;
  status: 'open' | 'closed';
  sender_status: SenderStatus;
  sender_forged: boolean;
  sender_unverified: boolean;
  from_address: string;
  agreement_kind: string | null;
}

export async function lockTicket(tx: EntityManager, ticketId: number): Promise<LockedTicket> {
  const [t] = await tx.query(`SELECT * FROM tickets WHERE id = $1 FOR UPDATE`, [ticketId]);
  if (!t) throw new ActionError('NOT_FOUND', `no ticket ${ticketId}`);
  return t;
}

/** A row `npm run train` learns from (src/main/train.ts reads the latest one per mail). */
export const recordCorrection = (tx: EntityManager, ticketId: number, mailId: string, from: Category, to: AgentCategory, actor: Actor) =>
  tx.query(`INSERT INTO classification_corrections (ticket_id, inbound_mail_id, from_category, to_category, created_by) VALUES ($1,$2,$3,$4,$5)`, [ticketId, mailId, from, to, actor.email]);

export const note = (tx: EntityManager, ticketId: number, actor: Actor, text: string) =>
  addMessage(tx, { ticketId, direction: 'note', messageId: null, fromAddress: actor.email, subject: '', newText: text });

export function cleanText(text: unknown): string {
  const s = typeof text === 'string' ? text.replace(/\r\n?/g, '\n').trim() : '';
  if (!s) throw new ActionError('INVALID', 'text: required');
  if (s.length > MAX_TEXT) throw new ActionError('INVALID', `text: at most ${MAX_TEXT} characters`);
  return s;
}

/** The queue a category leads to for this sender, with the agent's certainty (the domain's rule). */
export function queueFor(deps: TicketDeps, category: AgentCategory, senderStatus: SenderStatus, confidence = 1): TicketQueue {
  return ticketQueue({ category, senderStatus, uncertain: confidence < deps.config.CLASSIFIER_ABSTAIN_BELOW });
}
