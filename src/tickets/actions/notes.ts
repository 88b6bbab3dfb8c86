import { cleanText, lockTicket, note, type ActionDeps, type Actor } from './context';

/** An internal note on the ticket (seen only by colleagues). */
export async function addNote(deps: ActionDeps, actor: Actor, ticketId: number, text: unknown): Promise<void> {
  const body = cleanText(text);
  await deps.tickets.db.transaction(async (tx) => {
    await lockTicket(tx, ticketId);
    await note(tx, ticketId, actor, body);
    await tx.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [ticketId]);
  });
}
