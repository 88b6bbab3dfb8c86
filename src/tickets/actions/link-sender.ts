import { companyFacts } from '../../contacts/registry';
import { registerSupportContact } from '../../contacts/support-contacts';
import { agreementOn } from '../../domain/agreements';
import type { SenderStatus } from '../../domain/vocabulary';
import { uiText } from '../../i18n/messages';
import { ActionError, isAgentCategory, lockTicket, note, queueFor, type ActionDeps, type Actor } from './context';

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
  await deps.tickets.db.transaction(async (tx) => {
    const t = await lockTicket(tx, ticketId);
    if (t.sender_status === 'registered_contact') throw new ActionError('CONFLICT', 'the sender is already a registered support contact');
    if (t.sender_forged && !link.confirmForged) throw new ActionError('INVALID', uiText('forgedRefused', 'da'));
    if (t.sender_unverified && !link.confirmForged) throw new ActionError('INVALID', uiText('unverifiedRefused', 'da'));
    const company = (await companyFacts(tx, [link.companyId])).get(link.companyId);
    if (!company) throw new ActionError('INVALID', `company: no company ${link.companyId}`);
    const contactId = link.contact ? await registerSupportContact(tx, link.companyId, { ...link.contact, address: t.from_address }) : null;
    const status: SenderStatus = contactId ? 'registered_contact' : 'same_domain_unregistered';
    const agreement = agreementOn(company.agreements, deps.tickets.now().toISOString().slice(0, 10));
    // Only a ticket parked as "unknown sender" moves: elsewhere an agent or the classifier already placed it.
    const queue = t.queue === 'unknown_sender' && isAgentCategory(t.category) ? queueFor(deps.tickets, t.category, status, t.confidence) : t.queue;
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
