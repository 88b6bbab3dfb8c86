import type { TicketQueue } from '../../domain/vocabulary';
import { ActionError, AGENT_CATEGORIES, isAgentCategory, lockTicket, note, queueFor, recordCorrection, type ActionDeps, type Actor } from './context';

/** Sets the category and queue and records the correction that `npm run train` learns from. */
export async function reclassifyTicket(deps: ActionDeps, actor: Actor, ticketId: number, category: string): Promise<{ queue: TicketQueue }> {
  if (!isAgentCategory(category)) throw new ActionError('INVALID', `category: one of ${AGENT_CATEGORIES.join(', ')}`);
  return deps.tickets.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    const queue = queueFor(deps.tickets, category, t.sender_status);
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
