import { ActionError, lockTicket, note, type ActionDeps, type Actor } from './context';

/** Assigns the ticket to an active user (or to nobody), with a note. */
export async function assignTicket(deps: ActionDeps, actor: Actor, ticketId: number, userId: number | null): Promise<void> {
  await deps.tickets.db.transaction(async (tx) => {
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
