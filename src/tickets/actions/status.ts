import { ActionError, lockTicket, note, type ActionDeps, type Actor } from './context';

/** Closes or reopens the ticket. */
export async function setTicketStatus(deps: ActionDeps, actor: Actor, ticketId: number, status: 'open' | 'closed'): Promise<void> {
  await deps.tickets.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.status === status) throw new ActionError('CONFLICT', status === 'closed' ? 'the ticket is already closed' : 'the ticket is already open');
    await tx.query(`UPDATE tickets SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`, [ticketId, status]);
    await note(tx, ticketId, actor, status === 'closed' ? 'Lukket' : 'Genåbnet');
  });
}
