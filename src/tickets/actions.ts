import type { EntityManager } from 'typeorm';
import { messageIdDomain } from '../config/load';
import { companyFacts } from '../contacts/registry';
import type { TicketQueue } from '../db/entities/ticket';
import type { MailOutcome, PipelineDeps } from '../pipeline/deps';
import { isWellFormedMessageId, wellFormedMessageIds } from '../shared/message-id';
import { replay } from '../pipeline/ingest/mail-state';
import { agreementOn } from '../pipeline/match/match-sender';
import { identifySender } from '../pipeline/identify-sender';
import { recordTicketAndReply } from '../pipeline/record-ticket';
import { newMessageId } from '../pipeline/reply/outbox';
import { planReply } from '../pipeline/reply/policy';
import { toClassifierInput } from '../pipeline/classify/training-data';
import { SERVICEDESK, type Category, type SenderStatus } from '../shared/domain';
import { reason } from '../shared/reasons';
import { uiText } from '../i18n/messages';
import { addMessage } from './ticket-service';

/**
 * What an agent does to a ticket or a held-back mail. One function per action; the HTML
 * routes and the REST API both call these, so a rule (the queue an agent's category leads
 * to, the contact limit, no automatic reply to a rescued mail) lives in one place.
 */
export const AGENT_CATEGORIES = ['error', 'support', 'training', 'service_request'] as const;
export type AgentCategory = (typeof AGENT_CATEGORIES)[number];
export const isAgentCategory = (v: unknown): v is AgentCategory => (AGENT_CATEGORIES as readonly unknown[]).includes(v);

export interface ActionDeps {
  pipeline: PipelineDeps;
  queues: { enqueueMail(mailId: string): Promise<void>; enqueueReply(outboxId: string): Promise<void> };
}
export interface Actor {
  id: number;
  email: string;
}

export class ActionError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID' | 'CONFLICT',
    message: string,
  ) {
    super(message);
  }
}

/** Longest reply or note we accept: far above any real message, well below the body limit. */
export const MAX_TEXT = 20_000;

interface LockedTicket {
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

async function lockTicket(tx: EntityManager, ticketId: number): Promise<LockedTicket> {
  const [t] = await tx.query(`SELECT * FROM tickets WHERE id = $1 FOR UPDATE`, [ticketId]);
  if (!t) throw new ActionError('NOT_FOUND', `no ticket ${ticketId}`);
  return t;
}

/** A row `npm run train` learns from (src/main/train.ts reads the latest one per mail). */
const recordCorrection = (tx: EntityManager, ticketId: number, mailId: string, from: Category, to: AgentCategory, actor: Actor) =>
  tx.query(`INSERT INTO classification_corrections (ticket_id, inbound_mail_id, from_category, to_category, created_by) VALUES ($1,$2,$3,$4,$5)`, [ticketId, mailId, from, to, actor.email]);

const note = (tx: EntityManager, ticketId: number, actor: Actor, text: string) =>
  addMessage(tx, { ticketId, direction: 'note', messageId: null, fromAddress: actor.email, subject: '', newText: text });

function cleanText(text: unknown): string {
  const s = typeof text === 'string' ? text.replace(/\r\n?/g, '\n').trim() : '';
  if (!s) throw new ActionError('INVALID', 'text: required');
  if (s.length > MAX_TEXT) throw new ActionError('INVALID', `text: at most ${MAX_TEXT} characters`);
  return s;
}

/** The queue a category leads to for this sender: the reply policy's rule, with the agent's certainty. */
function queueFor(deps: ActionDeps, category: AgentCategory, senderStatus: SenderStatus, confidence = 1): TicketQueue {
  return planReply({
    category,
    confidence,
    abstainBelow: deps.pipeline.config.CLASSIFIER_ABSTAIN_BELOW,
    senderStatus,
    forged: false,
    agreement: null,
    companyContacts: [],
    followUp: true,
    ccContactsOnNotRegistered: false,
  }).queue;
}

/** Sets the category and queue and records the correction that `npm run train` learns from. */
export async function reclassifyTicket(deps: ActionDeps, actor: Actor, ticketId: number, category: string): Promise<{ queue: TicketQueue }> {
  if (!isAgentCategory(category)) throw new ActionError('INVALID', `category: one of ${AGENT_CATEGORIES.join(', ')}`);
  return deps.pipeline.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    const queue = queueFor(deps, category, t.sender_status);
    await tx.query(`UPDATE tickets SET category = $2, queue = $3, updated_at = now() WHERE id = $1`, [ticketId, category, queue]);
    const [first] = await tx.query(
      `SELECT inbound_mail_id FROM ticket_messages WHERE ticket_id = $1 AND direction = 'inbound' AND inbound_mail_id IS NOT NULL ORDER BY id LIMIT 1`,
      [ticketId],
    );
    // The ticket's first mail is what the classifier saw; a confirmation (same category) is a label too.
    if (first) await recordCorrection(tx, ticketId, first.inbound_mail_id, t.category, category, actor);
    await note(tx, ticketId, actor, `Omklassificeret: ${t.category} → ${category} (kø: ${queue})`);
    return { queue };
  });
}

export async function assignTicket(deps: ActionDeps, actor: Actor, ticketId: number, userId: number | null): Promise<void> {
  await deps.pipeline.db.transaction(async (tx) => {
    await lockTicket(tx, ticketId);
    let who = 'ingen';
    if (userId !== null) {
      const [u] = await tx.query(`SELECT email FROM users WHERE id = $1 AND NOT disabled`, [userId]);
      if (!u) throw new ActionError('INVALID', `user: no active user ${userId}`);
      who = u.email;
    }
    await tx.query(`UPDATE tickets SET assigned_user_id = $2, updated_at = now() WHERE id = $1`, [ticketId, userId]);
    await note(tx, ticketId, actor, `Tildelt: ${who}`);
  });
}

export async function addNote(deps: ActionDeps, actor: Actor, ticketId: number, text: unknown): Promise<void> {
  const body = cleanText(text);
  await deps.pipeline.db.transaction(async (tx) => {
    await lockTicket(tx, ticketId);
    await note(tx, ticketId, actor, body);
    await tx.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [ticketId]);
  });
}

export async function setTicketStatus(deps: ActionDeps, actor: Actor, ticketId: number, status: 'open' | 'closed'): Promise<void> {
  await deps.pipeline.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.status === status) throw new ActionError('CONFLICT', status === 'closed' ? 'the ticket is already closed' : 'the ticket is already open');
    await tx.query(`UPDATE tickets SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`, [ticketId, status]);
    await note(tx, ticketId, actor, status === 'closed' ? 'Lukket' : 'Genåbnet');
  });
}

const SUBJECT_PREFIX = /^\s*((re|sv|vs|aw|fw|fwd)\s*(\[\d+\])?\s*:\s*)+/i;

/** "SV: [MB-000123] Appen lukker ned": the reference in the subject threads the customer's answer back. */
export function agentReplySubject(subject: string, reference: string, language: 'da' | 'en'): string {
  const bare = subject.replace(SUBJECT_PREFIX, '').replace(`[${reference}]`, '').replace(/\s+/g, ' ').trim();
  return `${language === 'da' ? 'SV' : 'Re'}: [${reference}] ${bare}`.trim();
}

export function agentReplyBody(text: string, agentName: string, language: 'da' | 'en'): string {
  const greeting = language === 'da' ? 'Venlig hilsen' : 'Kind regards';
  return `${text}\n\n${greeting}\n${agentName}\nMicrobizz Servicedesk\n${SERVICEDESK.mail} · ${SERVICEDESK.phone}\n`;
}

/**
 * Writes the agent's reply to the outbox with a reserved Message-ID, threaded to the last
 * inbound mail (In-Reply-To, References), then puts it on the send queue. If Redis is down
 * the row stays pending and the worker's recovery sweep sends it.
 */
export async function replyToTicket(deps: ActionDeps, actor: Actor & { name?: string }, ticketId: number, text: unknown): Promise<{ outboxId: string; messageId: string; queued: boolean }> {
  const body = cleanText(text);
  const { outboxId, messageId } = await deps.pipeline.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    const thread: { id: string; direction: string; message_id: string | null; from_address: string | null; synthetic: boolean | null }[] = await tx.query(
      `SELECT m.id, m.direction, m.message_id, m.from_address, im.message_id_synthetic AS synthetic
         FROM ticket_messages m LEFT JOIN inbound_mails im ON im.id = m.inbound_mail_id
        WHERE m.ticket_id = $1 AND m.direction IN ('inbound', 'outbound') ORDER BY m.id`,
      [ticketId],
    );
    const lastInbound = thread.filter((m) => m.direction === 'inbound').pop();
    if (!lastInbound?.from_address) throw new ActionError('INVALID', 'the ticket has no customer mail to answer');
    // A synthesised Message-ID was never known to the customer's client: never refer to it.
    const known = (m: (typeof thread)[number]) => !!m.message_id && !m.synthetic;
    const inReplyTo = known(lastInbound) && isWellFormedMessageId(lastInbound.message_id) ? lastInbound.message_id : null;
    const references = wellFormedMessageIds(thread.filter((m) => known(m) && BigInt(m.id) <= BigInt(lastInbound.id)).map((m) => m.message_id!)).slice(-20);
    const messageId = newMessageId(messageIdDomain(deps.pipeline.config));
    const subject = agentReplySubject(t.subject, t.reference, t.language);
    const text = agentReplyBody(body, actor.name || actor.email, t.language);
    const [row] = await tx.query(
      `INSERT INTO outbox (ticket_id, kind, to_address, subject, body_text, message_id, in_reply_to, "references", state)
       VALUES ($1, 'agent', $2, $3, $4, $5, $6, $7, 'pending') RETURNING id`,
      [ticketId, lastInbound.from_address, subject, text, messageId, inReplyTo, references],
    );
    const outboxId = String(row.id);
    await addMessage(tx, { ticketId, direction: 'outbound', outboxId, messageId, fromAddress: actor.email, subject, newText: text });
    await tx.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [ticketId]);
    return { outboxId, messageId };
  });
  const queued = await deps.queues.enqueueReply(outboxId).then(
    () => true,
    (err: Error) => (deps.pipeline.log.warn({ outboxId, err: err.message }, 'reply not queued; the recovery sweep sends it'), false),
  );
  return { outboxId, messageId, queued };
}

/**
 * Ties an unknown (or unregistered) sender's ticket to a company; optionally registers them
 * as a support contact. A company has one or two contacts; a third or more only when bought.
 * A sender whose DMARC failed (possibly forged) is linked only when the agent confirms having
 * checked the request another way: otherwise one click would tie an attacker to a customer.
 */
export async function linkSender(
  deps: ActionDeps,
  actor: Actor,
  ticketId: number,
  link: { companyId: number; contact?: { name: string; purchased: boolean } | null; confirmForged?: boolean },
): Promise<void> {
  await deps.pipeline.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.sender_status === 'registered_contact') throw new ActionError('CONFLICT', 'the sender is already a registered support contact');
    if (t.sender_forged && !link.confirmForged) throw new ActionError('INVALID', uiText('forgedRefused', 'da'));
    if (t.sender_unverified && !link.confirmForged) throw new ActionError('INVALID', uiText('unverifiedRefused', 'da'));
    const company = (await companyFacts(tx, [link.companyId])).get(link.companyId);
    if (!company) throw new ActionError('INVALID', `company: no company ${link.companyId}`);
    const contactId = link.contact ? await registerSupportContact(tx, link.companyId, { ...link.contact, address: t.from_address }) : null;
    const status: SenderStatus = contactId ? 'registered_contact' : 'same_domain_unregistered';
    const agreement = agreementOn(company.agreements, deps.pipeline.now().toISOString().slice(0, 10));
    // Only a ticket parked as "unknown sender" moves: elsewhere an agent or the classifier already placed it.
    const queue = t.queue === 'unknown_sender' && isAgentCategory(t.category) ? queueFor(deps, t.category, status, t.confidence) : t.queue;
    await tx.query(
      `UPDATE tickets SET company_id = $2, contact_id = $3, sender_status = $4, agreement_kind = $5, queue = $6, updated_at = now() WHERE id = $1`,
      [ticketId, link.companyId, contactId, status, agreement, queue],
    );
    await note(
      tx,
      ticketId,
      actor,
      `Afsender knyttet til ${company.name}${contactId ? ' og registreret som supportkontakt' : ''}${t.sender_forged ? ' (DMARC fejlede; agenten har bekræftet afsenderen ad anden vej)' : t.sender_unverified ? ' (afsenderen kunne ikke bekræftes; agenten har bekræftet den ad anden vej)' : ''}`,
    );
  });
}

/** A company has one or two support contacts; a third or more only when marked as purchased. */
export async function registerSupportContact(tx: EntityManager, companyId: number, c: { name: string; address: string; purchased: boolean }): Promise<number> {
  const name = c.name.trim().slice(0, 200);
  if (!name) throw new ActionError('INVALID', 'name: required to register a support contact');
  const [company] = await tx.query(`SELECT name FROM companies WHERE id = $1 FOR UPDATE`, [companyId]);
  if (!company) throw new ActionError('NOT_FOUND', `no company ${companyId}`);
  const [owner] = await tx.query(`SELECT contact_id FROM contact_addresses WHERE address = $1`, [c.address]);
  if (owner) throw new ActionError('CONFLICT', `${c.address} already belongs to a support contact`);
  const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM support_contacts WHERE company_id = $1`, [companyId]);
  if (n >= 2 && !c.purchased) throw new ActionError('CONFLICT', `${company.name} already has ${n} support contacts; a further contact must be marked as purchased`);
  const rows = await tx.query(
    `INSERT INTO support_contacts (company_id, name, purchased) VALUES ($1, $2, $3) ON CONFLICT (company_id, name) DO NOTHING RETURNING id`,
    [companyId, name, c.purchased],
  );
  if (!rows.length) throw new ActionError('CONFLICT', `${company.name} already has a support contact named ${name}`);
  await tx.query(`INSERT INTO contact_addresses (contact_id, address) VALUES ($1, $2)`, [rows[0].id, c.address]);
  return rows[0].id;
}

async function heldMail(deps: ActionDeps, mailId: string): Promise<{ state: string; raw: Buffer | null; last_error: string | null }> {
  if (!/^\d{1,18}$/.test(mailId)) throw new ActionError('NOT_FOUND', `no mail ${mailId}`);
  const [m] = await deps.pipeline.db.query(`SELECT state, raw, last_error FROM inbound_mails WHERE id = $1`, [mailId]);
  if (!m) throw new ActionError('NOT_FOUND', `no mail ${mailId}`);
  return m;
}

/** A quarantined mail goes through the pipeline again (e.g. after a parser fix). */
export async function replayQuarantined(deps: ActionDeps, actor: Actor, mailId: string): Promise<{ queued: boolean }> {
  const m = await heldMail(deps, mailId);
  if (m.state !== 'quarantined') throw new ActionError('CONFLICT', `mail ${mailId} is ${m.state}, not quarantined`);
  if (!(await replay(deps.pipeline.db, mailId))) throw new ActionError('CONFLICT', `mail ${mailId} cannot be replayed (no stored bytes, or it changed meanwhile)`);
  deps.pipeline.log.info({ mailId, by: actor.email, stage: 'replay' }, 'quarantined mail replayed by an agent');
  // Should Redis be down, the worker's sweep finds the `received` row within seconds anyway.
  const queued = await deps.queues.enqueueMail(mailId).then(() => true, () => false);
  return { queued };
}

/**
 * A filtered (ignored) mail that was a real request becomes a ticket in the category the
 * agent picks, through the one ticket path, and its sender gets no automatic reply.
 */
export async function rescueFiltered(deps: ActionDeps, actor: Actor, mailId: string, category: string): Promise<{ reference: string; ticketId: number }> {
  if (!isAgentCategory(category)) throw new ActionError('INVALID', `category: one of ${AGENT_CATEGORIES.join(', ')}`);
  const m = await heldMail(deps, mailId);
  if (m.state !== 'ignored' || !m.raw) throw new ActionError('CONFLICT', `mail ${mailId} is ${m.state}, not filtered`);
  const { pipeline } = deps;
  // Parsed in the parse pool, like every mail: a hostile one cannot stall the workspace.
  const result = await pipeline.parser.parse(m.raw, { view: false }).catch((err: Error) => {
    throw new ActionError('INVALID', `the mail cannot be read: ${err.message}`);
  });
  if (!result.ok) throw new ActionError('INVALID', `the mail cannot be read: ${result.error}`);
  const { parsed } = result;
  if (!parsed.from?.address) throw new ActionError('INVALID', 'the mail has no sender address');
  const sender = await identifySender(pipeline, { ...parsed, from: parsed.from });
  const machine = pipeline.classifier.classify(toClassifierInput(parsed));
  const classification = {
    ...machine,
    category,
    confidence: 1,
    explanation: [],
    // The agent has judged the mail: the machine's noise suspicion and training evidence no longer apply.
    noiseSuspicion: undefined,
    trainingEvidence: [],
  };
  // One step under the mail's row lock: the ignored mail becomes a ticket directly.
  const outcome: MailOutcome = await recordTicketAndReply(pipeline, {
    mailId,
    parsed,
    sender,
    classification,
    doNotReply: reason('reply.rescued', { actor: actor.email }),
    notes: [reason('rescue.by', { actor: actor.email }), reason('rescue.filtered_because', { why: m.last_error ?? '' })],
    expectState: 'ignored',
  });
  if (outcome.state !== 'processed') throw new ActionError('CONFLICT', `mail ${mailId} was processed meanwhile (${outcome.reason})`);
  await pipeline.db.transaction(async (tx) => {
    // Only a mail the classifier called noise is a correction; one filtered for its headers was never classified.
    if (m.last_error?.startsWith('noise')) await recordCorrection(tx, outcome.ticketId, mailId, 'noise', category, actor);
    await note(tx, outcome.ticketId, actor, 'Reddet fra Filtreret (intet automatisk svar sendt)');
  });
  return { reference: outcome.ticketReference, ticketId: outcome.ticketId };
}
