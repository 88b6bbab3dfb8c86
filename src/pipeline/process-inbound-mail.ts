import { MailParseError, parseMail } from './parse/parse-mail';
import { detectAutomatic } from './parse/automatic';
import { identifySender } from './identify-sender';
import { messageIdDomain } from '../config/load';
import { isOwnMessageId } from './reply/outbox';
import { markBounced, quarantine, ignore } from './ingest/mail-state';
import { recordTicketAndReply } from './record-ticket';
import { processOversize } from './oversize';
import type { MailOutcome, PipelineDeps } from './deps';
import { toClassifierInput } from './classify/input';

/**
 * The whole inbound story for one stored mail: parse → screen automatic mail → match the
 * sender → classify → open or append the ticket and queue the reply. Idempotent: a mail
 * that is no longer `received` is skipped, so a re-delivered job does nothing.
 */
export async function processInboundMail(deps: PipelineDeps, mailId: string): Promise<MailOutcome> {
  const [mail] = await deps.db.query(`SELECT id, raw, raw_headers, size, state FROM inbound_mails WHERE id = $1`, [mailId]);
  if (!mail) return { state: 'skipped', reason: `no inbound mail ${mailId}` };
  if (mail.state !== 'received') return { state: 'skipped', reason: `already ${mail.state}` };
  const log = deps.log.child({ mailId, stage: 'process' });
  if (!mail.raw) return processOversize(deps, mailId, mail.raw_headers, mail.size);

  let parsed;
  try {
    parsed = await parseMail(mail.raw);
  } catch (err) {
    if (err instanceof MailParseError) return quarantine(deps.db, mailId, `parse: ${err.message}`);
    throw err;
  }

  const ownDomain = messageIdDomain(deps.config);
  if (isOwnMessageId(parsed.messageId, ownDomain)) return ignore(deps.db, mailId, 'our own reply came back (loop)');
  const automatic = detectAutomatic(parsed);
  if (automatic.automatic && !automatic.mayCarryRequest) {
    const bounced = automatic.kind === 'bounce' ? await markBounced(deps.db, mail.raw, ownDomain) : 0;
    return ignore(deps.db, mailId, `automatic mail (${automatic.reasons.join('; ')})${bounced ? `; marked ${bounced} reply as bounced` : ''}`);
  }
  if (!parsed.from?.address) return quarantine(deps.db, mailId, 'no sender address in From');

  const sender = await identifySender(deps, { ...parsed, from: parsed.from });

  const classification = deps.classifier.classify(toClassifierInput(parsed));
  log.debug({ category: classification.category, confidence: classification.confidence, sender: sender.status }, 'classified');
  if (classification.category === 'noise') return ignore(deps.db, mailId, `noise: ${classification.explanation.join(' ')}`);

  // Mail marked as machine-sent (web forms, no-reply senders) can still carry a person's
  // request: it becomes a ticket, but RFC 3834 says never answer it automatically.
  const doNotReply = automatic.automatic ? `automatic mail is never answered (${automatic.reasons.join('; ')})` : null;
  return recordTicketAndReply(deps, { mailId, parsed, sender, doNotReply, classification: { ...classification, category: classification.category } });
}
