import { ActionError, isAgentCategory, AGENT_CATEGORIES, note, recordCorrection, type Actor } from '../tickets/actions/context';
import { recordTicketInTransaction } from '../tickets/record-mail';
import { reason } from '../domain/reasons';
import { toClassifierInput } from './classify/input';
import type { MailOutcome, PipelineDeps } from './deps';
import { identifySender } from './identify-sender';
import { finishMails, lockMails, replay } from './ingest/mail-state';

/**
 * What an agent does to mail held back from the queues: replay a quarantined mail through the
 * pipeline, or rescue a filtered one into a ticket. Both need the pipeline (its parse pool, the
 * sender check, the classifier), so they live here; the ticket itself is written by the one
 * ticket path (src/tickets/record-mail.ts).
 */
export interface HeldMailDeps {
  pipeline: PipelineDeps;
  queues: { enqueueMail(mailId: string): Promise<void> };
}

async function heldMail(deps: HeldMailDeps, mailId: string): Promise<{ state: string; raw: Buffer | null; last_error: string | null }> {
  if (!/^\d{1,18}$/.test(mailId)) throw new ActionError('NOT_FOUND', `no mail ${mailId}`);
  const [m] = await deps.pipeline.db.query(`SELECT state, raw, last_error FROM inbound_mails WHERE id = $1`, [mailId]);
  if (!m) throw new ActionError('NOT_FOUND', `no mail ${mailId}`);
  return m;
}

/** A quarantined mail goes through the pipeline again (e.g. after a parser fix). */
export async function replayQuarantined(deps: HeldMailDeps, actor: Actor, mailId: string): Promise<{ queued: boolean }> {
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
export async function rescueFiltered(deps: HeldMailDeps, actor: Actor, mailId: string, category: string): Promise<{ reference: string; ticketId: number }> {
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
  const from = parsed.from;
  const sender = await identifySender(pipeline, { ...parsed, from });
  const machine = pipeline.classifier.classify(toClassifierInput(parsed));
  // The agent has judged the mail: the machine's noise suspicion and training evidence no longer apply.
  const classification = { ...machine, category, confidence: 1, explanation: [], noiseSuspicion: undefined, trainingEvidence: [] };
  // One step under the mail's row lock: the ignored mail becomes a ticket directly.
  const outcome: MailOutcome = await pipeline.db.transaction(async (tx) => {
    const locked = (await lockMails(tx, [mailId])).get(mailId);
    if (!locked || locked.state !== 'ignored') return { state: 'skipped', reason: `already ${locked?.state ?? 'gone'}` } as const;
    const t = await recordTicketInTransaction(tx, pipeline, {
      mailId,
      parsed: { ...parsed, from },
      sender,
      classification,
      doNotReply: reason('reply.rescued', { actor: actor.email }),
      notes: [reason('rescue.by', { actor: actor.email }), reason('rescue.filtered_because', { why: m.last_error ?? '' })],
    }, locked);
    await finishMails(tx, [{ id: mailId, state: 'processed', ticketId: t.ticketId, reason: null }]);
    // Only a mail the classifier called noise is a correction; one filtered for its headers was never classified.
    if (m.last_error?.startsWith('noise')) await recordCorrection(tx, t.ticketId, mailId, 'noise', category, actor);
    await note(tx, t.ticketId, actor, 'Reddet fra Filtreret (intet automatisk svar sendt)');
    return { state: 'processed', ...t } as const;
  });
  if (outcome.state !== 'processed') throw new ActionError('CONFLICT', `mail ${mailId} was processed meanwhile (${outcome.reason})`);
  return { reference: outcome.ticketReference, ticketId: outcome.ticketId };
}
