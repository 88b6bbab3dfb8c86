import { MailParseError, parseMail } from './parse/parse-mail';
import { detectAutomatic, type AutomaticVerdict } from './parse/automatic';
import { identifySender } from './identify-sender';
import { messageIdDomain } from '../config/load';
import { registryFactsForMany } from '../contacts/registry';
import { isOwnMessageId, lockReplyBudgets } from './reply/outbox';
import { finishMails, lockMails, markBounced, type FinishedMail } from './ingest/mail-state';
import { LARGE_MAIL_BYTES, loadInboundMails } from './ingest/load-raw';
import { recordTicketInTransaction, type TicketInput } from './record-ticket';
import { processOversize } from './oversize';
import type { MailOutcome, PipelineDeps } from './deps';
import type { ParsedInbound } from './parse/types';
import { toClassifierInput } from './classify/input';
import { keepForCustomer } from './reply/policy';

/**
 * The whole inbound story for stored mails: parse → screen automatic mail → match the
 * sender → classify → open or append the ticket and queue the reply. Idempotent: a mail
 * that is no longer `received` is skipped, so a re-delivered job does nothing.
 *
 * Mails are handled in batches: one query reads them, one registry read serves all their
 * senders, and one transaction writes every ticket, reply and state change. If that
 * transaction fails, each mail is written again in a transaction of its own, so one bad mail
 * cannot hold back the rest. Mails above LARGE_MAIL_BYTES are read and parsed one at a time.
 */

type Decision =
  | { kind: 'finish'; mailId: string; state: 'ignored' | 'quarantined'; reason: string; bounceOf?: Buffer }
  | { kind: 'record'; mailId: string; input: TicketInput };

type Result = MailOutcome | Error;

export async function processInboundMail(deps: PipelineDeps, mailId: string): Promise<MailOutcome> {
  const r = (await processInboundMails(deps, [mailId])).get(mailId)!;
  if (r instanceof Error) throw r;
  return r;
}

export async function processInboundMails(deps: PipelineDeps, mailIds: string[]): Promise<Map<string, Result>> {
  const out = new Map<string, Result>();
  const ids = [...new Set(mailIds)];
  const rows: { id: string; state: string; size: number; raw_bytes: number | null; raw_headers: Buffer | null; raw: Buffer | null }[] = await deps.db.query(
    `SELECT id, state, size, octet_length(raw) AS raw_bytes, CASE WHEN raw IS NULL THEN raw_headers END AS raw_headers,
            CASE WHEN octet_length(raw) <= $2 THEN raw END AS raw
       FROM inbound_mails WHERE id = ANY($1::bigint[])`,
    [ids, LARGE_MAIL_BYTES],
  );
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const small: { id: string; raw: Buffer }[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) out.set(id, { state: 'skipped', reason: `no inbound mail ${id}` });
    else if (row.state !== 'received') out.set(id, { state: 'skipped', reason: `already ${row.state}` });
    else if (row.raw) {
      small.push({ id, raw: row.raw });
      row.raw = null;
    }
  }
  for (const [id, r] of await settle(processBatch(deps, small), small)) out.set(id, r);
  small.length = 0;

  // Oversize mails (headers only) and large ones, one at a time.
  for (const id of ids) {
    if (out.has(id)) continue;
    const row = byId.get(id)!;
    if (row.raw_bytes === null) {
      out.set(id, await processOversize(deps, id, row.raw_headers, row.size).catch(asError));
      continue;
    }
    byId.delete(id);
    const result = await oneLargeAtATime(async () => {
      const [mail] = await loadInboundMails(deps.db, [id]);
      if (!mail?.raw || mail.state !== 'received') return new Map<string, Result>([[id, { state: 'skipped', reason: `already ${mail?.state ?? 'gone'}` }]]);
      return processBatch(deps, [{ id, raw: mail.raw }]);
    }).catch(asError);
    out.set(id, result instanceof Error ? result : result.get(id)!);
  }
  return out;
}

async function processBatch(deps: PipelineDeps, mails: { id: string; raw: Buffer }[]): Promise<Map<string, Result>> {
  const out = new Map<string, Result>();
  const decisions: Decision[] = [];
  const human: { id: string; parsed: ParsedInbound & { from: { address: string; name: string } }; automatic: AutomaticVerdict }[] = [];
  const ownDomain = messageIdDomain(deps.config);

  for (const mail of mails) {
    try {
      const screened = await screen(mail.id, mail.raw, ownDomain);
      if ('kind' in screened) decisions.push(screened);
      else human.push({ id: mail.id, ...screened });
    } catch (err) {
      out.set(mail.id, asError(err));
    }
  }

  const facts = human.length ? await registryFactsForMany(deps.db, human.map((h) => h.parsed.from.address)) : new Map();
  for (const h of human) {
    try {
      const sender = await identifySender(deps, h.parsed, facts.get(h.parsed.from.address));
      const classified = deps.classifier.classify(toClassifierInput(h.parsed));
      deps.log.debug({ mailId: h.id, category: classified.category, confidence: classified.confidence, sender: sender.status }, 'classified');
      const kept = keepForCustomer(classified, sender);
      if (classified.category === 'noise' && !kept) {
        decisions.push({ kind: 'finish', mailId: h.id, state: 'ignored', reason: `noise: ${classified.explanation.join(' ')}` });
        continue;
      }
      const classification = kept ?? (classified as TicketInput['classification']);
      // Mail marked as machine-sent (web forms, no-reply senders) can still carry a person's
      // request: it becomes a ticket, but RFC 3834 says never answer it automatically.
      const doNotReply = h.automatic.automatic ? `automatic mail is never answered (${h.automatic.reasons.join('; ')})` : null;
      decisions.push({
        kind: 'record',
        mailId: h.id,
        input: {
          mailId: h.id,
          parsed: h.parsed,
          sender,
          doNotReply,
          classification,
          automatic: h.automatic.automatic,
          triage: kept ? 'judged noise by its text, but the sender is a customer: needs triage' : null,
        },
      });
    } catch (err) {
      out.set(h.id, asError(err));
    }
  }

  for (const [id, r] of await writeDecisions(deps, decisions)) out.set(id, r);
  return out;
}

/** Parse and screen one mail: either a final decision, or a human mail to match and classify. */
async function screen(
  mailId: string,
  raw: Buffer,
  ownDomain: string,
): Promise<Decision | { parsed: ParsedInbound & { from: { address: string; name: string } }; automatic: AutomaticVerdict }> {
  const finish = (state: 'ignored' | 'quarantined', reason: string, bounceOf?: Buffer): Decision => ({ kind: 'finish', mailId, state, reason, bounceOf });
  let parsed: ParsedInbound;
  try {
    parsed = await parseMail(raw);
  } catch (err) {
    if (err instanceof MailParseError) return finish('quarantined', `parse: ${err.message}`);
    throw err;
  }
  if (isOwnMessageId(parsed.messageId, ownDomain)) return finish('ignored', 'our own reply came back (loop)');
  const automatic = detectAutomatic(parsed);
  if (automatic.automatic && !automatic.mayCarryRequest) {
    return finish('ignored', `automatic mail (${automatic.reasons.join('; ')})`, automatic.kind === 'bounce' ? raw : undefined);
  }
  if (!parsed.from?.address) return finish('quarantined', 'no sender address in From');
  return { parsed: { ...parsed, from: parsed.from }, automatic };
}

/** All decisions in one transaction; if it fails, each in its own. */
async function writeDecisions(deps: PipelineDeps, decisions: Decision[]): Promise<Map<string, Result>> {
  if (!decisions.length) return new Map();
  try {
    return await writeInOneTransaction(deps, decisions);
  } catch (err) {
    if (decisions.length === 1) return new Map([[decisions[0]!.mailId, asError(err)]]);
    deps.log.warn({ err: (err as Error).message, mails: decisions.length, stage: 'process' }, 'batch transaction failed; writing its mails one by one');
    const out = new Map<string, Result>();
    for (const d of decisions) out.set(d.mailId, await writeInOneTransaction(deps, [d]).then((m) => m.get(d.mailId)!, asError));
    return out;
  }
}

async function writeInOneTransaction(deps: PipelineDeps, decisions: Decision[]): Promise<Map<string, MailOutcome>> {
  const ownDomain = messageIdDomain(deps.config);
  return deps.db.transaction(async (tx) => {
    const out = new Map<string, MailOutcome>();
    const locked = await lockMails(tx, decisions.map((d) => d.mailId));
    // Every recipient's reply budget up front, in a fixed order (see lockReplyBudgets).
    await lockReplyBudgets(tx, decisions.flatMap((d) => (d.kind === 'record' && !d.input.doNotReply ? [d.input.parsed.from!.address] : [])));
    const finished: FinishedMail[] = [];
    for (const d of decisions) {
      const row = locked.get(d.mailId);
      if (!row || row.state !== 'received') {
        out.set(d.mailId, { state: 'skipped', reason: `already ${row?.state ?? 'gone'}` });
        continue;
      }
      if (d.kind === 'finish') {
        const bounced = d.bounceOf ? await markBounced(tx, d.bounceOf, ownDomain) : 0;
        const reason = `${d.reason}${bounced ? `; marked ${bounced} reply as bounced` : ''}`;
        finished.push({ id: d.mailId, state: d.state, ticketId: null, reason });
        out.set(d.mailId, { state: d.state, reason });
      } else {
        const outcome = await recordTicketInTransaction(tx, deps, d.input, row);
        finished.push({ id: d.mailId, state: 'processed', ticketId: outcome.ticketId, reason: null });
        out.set(d.mailId, outcome);
      }
    }
    await finishMails(tx, finished);
    return out;
  });
}

/** Run `work` for a batch; an exception fails every mail in it (with that error). */
async function settle(work: Promise<Map<string, Result>>, mails: { id: string }[]): Promise<Map<string, Result>> {
  try {
    return await work;
  } catch (err) {
    return new Map(mails.map((m) => [m.id, asError(err)]));
  }
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** One large mail in memory per process at a time, whatever the queue's concurrency. */
let largeChain: Promise<unknown> = Promise.resolve();
function oneLargeAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = largeChain.then(work, work);
  largeChain = run.catch(() => undefined);
  return run;
}
