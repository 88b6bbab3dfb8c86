import { mailFromAddress, messageIdDomain } from '../config/load';
import type { Config } from '../config/schema';
import { registryFactsForMany } from '../contacts/registry';
import { identifySender, trustOf } from './identify-sender';
import { beginAttempts, endAttempts, type BegunMail } from './ingest/attempts';
import { lockReplyBudgets } from '../tickets/replies/outbox';
import { finishMails, lockMails, markBounced, type FinishedMail } from './ingest/mail-state';
import { LARGE_MAIL_BYTES, loadInboundMails } from './ingest/load-raw';
import { recordOversizeInTransaction, recordTicketInTransaction, type TicketInput } from '../tickets/record-mail';
import { screenMail, type ScreenOptions } from './screen';
import { ParseFailure, type ParseOutcome } from './parse-pool/pool';
import type { ParsedInbound } from './parse/types';
import { toClassifierInput } from './classify/input';
import { unreadableMailView, type MailView } from './view/build-view';
import { saveViews } from './view/store-view';
import { domainOf } from '../domain/addresses';
import type { MailOutcome, PipelineDeps } from './deps';
import { reason, type Reason } from '../domain/reasons';
import { keepForCustomer } from './keep-for-customer';
import { mayOfferSelfHelp } from '../domain/self-help';
import type { HelpIndex } from '../help/search';
import type { OutboxHelpArticle } from '../tickets/replies/outbox';

/**
 * The whole inbound story for stored mails: parse (in the parse pool, off the event loop) →
 * screen automatic mail → match the sender → classify → open or append the ticket and queue
 * the reply, and keep the agents' view of the mail. Idempotent: a mail that is no longer
 * `received` is skipped, so a re-delivered job does nothing.
 *
 * Mails are handled in batches: one statement reads them (and records that their parse
 * starts: a mail whose parse keeps failing or crashing ends in quarantine, see
 * ingest/attempts.ts), one registry read serves all their senders, and one transaction writes
 * every ticket, reply, view and state change. If that transaction fails, each mail is written
 * again in a transaction of its own, so one bad mail cannot hold back the rest. Mails above
 * LARGE_MAIL_BYTES are read and parsed one at a time; a mail above MAX_MAIL_BYTES was stored
 * with its headers only and becomes a needs-triage ticket with a notice (an "oversize"
 * decision in the same batch path).
 */

type Decision =
  | { kind: 'finish'; mailId: string; state: 'ignored' | 'quarantined'; reason: string; bounceOf?: Buffer; view: MailView | null }
  | { kind: 'record'; mailId: string; input: TicketInput; view: MailView | null }
  | { kind: 'oversize'; mailId: string; input: TicketInput; size: number; view: MailView | null };

type Result = MailOutcome | Error;

/** A mail to parse: its bytes (for an oversize mail, its header block). */
interface ToParse {
  id: string;
  raw: Buffer;
  oversize: boolean;
  size: number;
}

export async function processInboundMail(deps: PipelineDeps, mailId: string): Promise<MailOutcome> {
  const r = (await processInboundMails(deps, [mailId])).get(mailId)!;
  if (r instanceof Error) throw r;
  return r;
}

export async function processInboundMails(deps: PipelineDeps, mailIds: string[]): Promise<Map<string, Result>> {
  const out = new Map<string, Result>();
  const ids = [...new Set(mailIds)];
  const begun = new Map((await beginAttempts(deps.db, ids, { startUpTo: LARGE_MAIL_BYTES, readUpTo: LARGE_MAIL_BYTES })).map((b) => [b.id, b]));
  for (const id of ids) if (!begun.has(id)) out.set(id, { state: 'skipped', reason: 'not waiting to be processed (already done, or gone)' });

  const poisoned: Decision[] = [];
  const small: ToParse[] = [];
  const later: BegunMail[] = [];
  for (const b of begun.values()) {
    if (b.strikes >= deps.config.MAIL_MAX_FAILED_ATTEMPTS) poisoned.push(poison(b));
    else if (b.raw) small.push({ id: b.id, raw: b.raw, oversize: false, size: b.size });
    else later.push(b);
  }
  for (const [id, r] of await settle(processBatch(deps, small, poisoned), [...small, ...poisoned.map((p) => ({ id: p.mailId }))])) out.set(id, r);
  small.length = 0;

  // Oversize mails (headers only) and large ones, one at a time.
  for (const b of later) {
    const result = await oneLargeAtATime(async () => {
      if (b.rawBytes === null) {
        // Oversize: the header block is all there is (the blank line ends it for the parser).
        const headers = b.rawHeaders ?? Buffer.alloc(0);
        return processBatch(deps, [{ id: b.id, raw: Buffer.concat([headers, Buffer.from('\r\n')]), oversize: true, size: b.size }], []);
      }
      const [again] = await beginAttempts(deps.db, [b.id], { startUpTo: Number.MAX_SAFE_INTEGER, readUpTo: 0 });
      if (!again) return new Map<string, Result>([[b.id, { state: 'skipped', reason: 'already processed' }]]);
      if (again.strikes >= deps.config.MAIL_MAX_FAILED_ATTEMPTS) return processBatch(deps, [], [poison(again)]);
      const [mail] = await loadInboundMails(deps.db, [b.id]);
      if (!mail?.raw) return new Map<string, Result>([[b.id, { state: 'skipped', reason: `already ${mail?.state ?? 'gone'}` }]]);
      return processBatch(deps, [{ id: b.id, raw: mail.raw, oversize: false, size: b.size }], []);
    }).catch(asError);
    out.set(b.id, result instanceof Error ? result : result.get(b.id)!);
  }
  return out;
}

/** A mail whose parse failed or crashed too often: quarantined with the reason, not parsed again. */
function poison(b: Pick<BegunMail, 'id' | 'strikes' | 'lastError'>): Decision {
  const reason = `poison: parsing failed or crashed ${b.strikes} time(s)${b.lastError ? ` (last: ${b.lastError})` : ''}; replay it once the cause is fixed`;
  return { kind: 'finish', mailId: b.id, state: 'quarantined', reason, view: unreadableMailView(reason) };
}

function screenOptions(config: Config): ScreenOptions {
  const own = [mailFromAddress(config), ...(config.IMAP_USER?.includes('@') ? [config.IMAP_USER.toLowerCase()] : [])];
  return { messageIdDomain: messageIdDomain(config), ownAddresses: [...new Set(own)], ownDomains: [...new Set([messageIdDomain(config), ...own.map(domainOf)])] };
}

async function processBatch(deps: PipelineDeps, mails: ToParse[], decided: Decision[]): Promise<Map<string, Result>> {
  const out = new Map<string, Result>();
  const decisions: Decision[] = [...decided];
  const human: { id: string; parsed: ParsedInbound & { from: { address: string; name: string } }; doNotReply: Reason | null; automatic: boolean; oversize: ToParse | null; view: MailView | null }[] = [];
  const screening = screenOptions(deps.config);

  // Parse every mail in the pool; each one's parse ends (finished or failed) in one statement.
  const parsed = await Promise.all(mails.map((m) => deps.parser.parse(m.raw).then((r): ParseOutcome | ParseFailure => r, (err) => (err instanceof ParseFailure ? err : new ParseFailure('crash', asError(err).message)))));
  await endAttempts(deps.db, mails.map((m, i) => ({ id: m.id, failed: parsed[i] instanceof ParseFailure ? (parsed[i] as ParseFailure).message : null })));

  mails.forEach((mail, i) => {
    const r = parsed[i]!;
    if (r instanceof ParseFailure) {
      // The job fails and is retried; at MAIL_MAX_FAILED_ATTEMPTS strikes the next attempt quarantines it.
      out.set(mail.id, r);
      return;
    }
    if (!r.ok) {
      decisions.push({ kind: 'finish', mailId: mail.id, state: 'quarantined', reason: `parse: ${r.error}`, view: r.view });
      return;
    }
    const trust = trustOf(r.parsed, deps.config.TRUSTED_AUTHSERV_IDS);
    const s = screenMail(r.parsed, trust, screening);
    if (s.kind === 'finish') {
      if (s.suspicious) deps.log.warn({ mailId: mail.id, stage: 'process', from: r.parsed.from?.address, reason: s.reason }, 'mail claiming to be from us ignored');
      if (mail.oversize && s.state === 'ignored') decisions.push({ kind: 'finish', mailId: mail.id, state: 'quarantined', reason: `${oversizeReason(deps.config, mail.size)}; no notice (${s.reason})`, view: r.view });
      else decisions.push({ kind: 'finish', mailId: mail.id, state: s.state, reason: s.reason, bounceOf: s.bounce ? mail.raw : undefined, view: r.view });
      return;
    }
    // Mail marked as machine-sent (web forms, no-reply senders) can still carry a person's
    // request: it becomes a ticket, but RFC 3834 says never answer it automatically. Nor is a
    // mail with several authors answered: the reply would go to one of them, chosen by whoever
    // wrote the header.
    const doNotReply = s.automatic.automatic
      ? reason('reply.automatic', { evidence: s.automatic.reasons.join('; ') })
      : r.parsed.authors.length > 1 || r.parsed.fromHeaderCount > 1
        ? reason('reply.several_authors')
        : null;
    if (mail.oversize && doNotReply) {
      decisions.push({ kind: 'finish', mailId: mail.id, state: 'quarantined', reason: `${oversizeReason(deps.config, mail.size)}; no notice (automatic or no sender)`, view: r.view });
      return;
    }
    human.push({ id: mail.id, parsed: s.parsed, doNotReply, automatic: s.automatic.automatic, oversize: mail.oversize ? mail : null, view: r.view });
  });

  const facts = human.length ? await registryFactsForMany(deps.db, human.map((h) => h.parsed.from.address)) : new Map();
  const articlesFor = helpSearch(deps);
  for (const h of human) {
    try {
      const sender = await identifySender(deps, h.parsed, facts.get(h.parsed.from.address));
      const classified = deps.classifier.classify(toClassifierInput(h.parsed));
      deps.log.debug({ mailId: h.id, category: classified.category, confidence: classified.confidence, sender: sender.status }, 'classified');
      if (h.oversize) {
        decisions.push({ kind: 'oversize', mailId: h.id, size: h.oversize.size, view: h.view, input: { mailId: h.id, parsed: h.parsed, sender, doNotReply: null, classification: { ...classified, category: 'support' } } });
        continue;
      }
      // A noise verdict from the text alone never silences a customer (keepForCustomer).
      const kept = keepForCustomer(classified, sender);
      if (classified.category === 'noise' && !kept) {
        decisions.push({ kind: 'finish', mailId: h.id, state: 'ignored', reason: `noise: ${classified.explanation.join(' ')}`, view: h.view });
        continue;
      }
      const classification = kept ?? (classified as TicketInput['classification']);
      // Help-centre articles for a support question from a known sender (the reply may list them).
      const helpArticles = !kept && mayOfferSelfHelp({ category: classification.category, senderStatus: sender.status })
        ? await articlesFor({ subject: h.parsed.subject, text: h.parsed.newText, language: classification.language, topic: classification.topic ?? null }, h.id)
        : [];
      decisions.push({
        kind: 'record',
        mailId: h.id,
        view: h.view,
        input: {
          mailId: h.id,
          parsed: h.parsed,
          sender,
          doNotReply: h.doNotReply,
          classification,
          automatic: h.automatic,
          triage: kept ? reason('policy.kept_for_customer') : null,
          helpArticles,
        },
      });
    } catch (err) {
      out.set(h.id, asError(err));
    }
  }

  for (const [id, r] of await writeDecisions(deps, decisions)) out.set(id, r);
  return out;
}

/**
 * The catalogue's articles relevant to a mail, best first; the index is read once per batch,
 * on first need. The articles are a help, not the mail's fate: if the catalogue cannot be
 * read, the mail is answered without them (and the log says why).
 */
function helpSearch(deps: PipelineDeps): (q: Parameters<HelpIndex['suggest']>[0], mailId: string) => Promise<OutboxHelpArticle[]> {
  let index: Promise<HelpIndex | null> | null = null;
  return async (q, mailId) => {
    index ??= deps.help.index().catch((err: Error) => {
      deps.log.warn({ err: err.message, stage: 'process' }, 'help catalogue unreadable: replies go out without articles');
      return null;
    });
    const idx = await index;
    if (!idx) return [];
    const found = idx.suggest(q, { minScore: deps.config.HELP_MIN_SCORE });
    if (found.length) deps.log.debug({ mailId, articles: found.map((s) => s.article.url) }, 'help articles');
    return found.map((s) => ({ id: s.article.id, url: s.article.url, title: s.article.title, language: s.article.language, score: Math.round(s.score * 100) / 100 }));
  };
}

const oversizeReason = (config: Config, size: number) => `oversize: ${size} bytes (limit ${config.MAX_MAIL_BYTES})`;

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
    const views: { mailId: string; view: MailView }[] = [];
    for (const d of decisions) {
      const row = locked.get(d.mailId);
      if (!row || row.state !== 'received') {
        out.set(d.mailId, { state: 'skipped', reason: `already ${row?.state ?? 'gone'}` });
        continue;
      }
      if (d.view) views.push({ mailId: d.mailId, view: d.view });
      if (d.kind === 'finish') {
        const bounced = d.bounceOf ? await markBounced(tx, d.bounceOf, ownDomain) : 0;
        const reason = `${d.reason}${bounced ? `; marked ${bounced} reply as bounced` : ''}`;
        finished.push({ id: d.mailId, state: d.state, ticketId: null, reason });
        out.set(d.mailId, { state: d.state, reason });
      } else if (d.kind === 'oversize') {
        const reason = oversizeReason(deps.config, d.size);
        const t = await recordOversizeInTransaction(tx, deps, d.input, row, { size: d.size });
        finished.push({ id: d.mailId, state: 'quarantined', ticketId: t.ticketId, reason });
        out.set(d.mailId, { state: 'quarantined', reason, ticketReference: t.ticketReference, ticketId: t.ticketId, outboxId: t.outboxId, suppressed: t.suppressed });
      } else {
        const t = await recordTicketInTransaction(tx, deps, d.input, row);
        finished.push({ id: d.mailId, state: 'processed', ticketId: t.ticketId, reason: null });
        out.set(d.mailId, { state: 'processed', ...t });
      }
    }
    await finishMails(tx, finished);
    await saveViews(tx, views);
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
