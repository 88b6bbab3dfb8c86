import type { EntityManager } from 'typeorm';
import { messageIdDomain } from '../config/load';
import type { AgreementKind, Language, Topic } from '../domain/vocabulary';
import { parseCourseChoice } from '../domain/course-choice';
import { reason, type Reason } from '../domain/reasons';
import { priceFor } from '../courses/course';
import { choiceNumbers, formatPlace, formatPrice, formatWhen, offeredOptions, offerLines, pickOffer, type OfferPick } from '../courses/offer';
import { bookSeat, offerCandidates, openOfferFor, recordOffer } from '../courses/store';
import { queueReply } from './replies/outbox';
import type { CourseReplyContext, ReplyContext } from './replies/types';
import type { TemplateRenderer } from './replies/render';
import type { Config } from '../config/schema';
import type { TicketRow } from './store';

/**
 * Training offers with dates, and booking a seat by answering one (issue 16). Called by
 * record-mail.ts inside the transaction that records the mail, so the offer is remembered with
 * its reply, and a booking, its seat, its confirmation and the course team's notice are written
 * together or not at all.
 */

/** What a reply's context says about a course offer (null: no course with free dates ahead). */
export async function courseOfferFor(
  tx: EntityManager,
  q: { topic: Topic | null; language: Language; agreement: AgreementKind | null; now: Date },
): Promise<{ pick: OfferPick; context: CourseReplyContext } | null> {
  const pick = pickOffer(await offerCandidates(tx, q.topic, q.language, q.now), q.topic, q.language, q.now);
  if (!pick) return null;
  return { pick, context: { title: pick.course.title, lines: offerLines(pick, q.language, q.agreement), choices: choiceNumbers(pick.dates.length, q.language), booked: null, chosen: null } };
}

/** Remembers the dates an offer listed (only for a reply that goes out: a suppressed one showed nothing). */
export async function rememberOffer(tx: EntityManager, ticketId: number, outboxId: string | null, pick: OfferPick): Promise<void> {
  if (!outboxId) return;
  await recordOffer(tx, { ticketId, outboxId, courseId: pick.course.id, dateIds: pick.dates.map((d) => d.id) });
}

export interface AnswerInput {
  ticket: TicketRow;
  mailId: string;
  newText: string;
  from: { address: string; name: string };
  now: Date;
}

export interface AnswerDeps {
  config: Config;
  renderer: TemplateRenderer;
}

/**
 * How the answer to an open offer is handled: the reply to queue for the customer (by the
 * caller, through the reply budget) and what happens to the ticket. Null: the ticket has no
 * open offer (or is booked already), so the mail is an ordinary follow-up.
 */
export interface AnswerOutcome {
  kind: 'booked' | 'full' | 'unclear' | 'not_an_answer' | 'duplicate';
  /** The customer's reply: its kind and context (none for a duplicate or a mail that is not an answer). */
  reply: { kind: 'course-booked' | 'course-full' | 'course-unclear'; language: Language; course: CourseReplyContext } | null;
  /** Written after the customer's reply is queued (a full answer's new offer needs its outbox id). */
  afterReply: (outboxId: string | null) => Promise<void>;
}

/**
 * Reads the answer against the ticket's open offer and books, inside the caller's transaction.
 * The ticket becomes (or stays) a training ticket; a full date, an unclear answer or a mail that
 * does not answer the offer at all sends it to needs triage (only the last without a reply).
 */
export async function answerCourseOffer(tx: EntityManager, deps: AnswerDeps, a: AnswerInput): Promise<AnswerOutcome | null> {
  const offer = await openOfferFor(tx, a.ticket.id);
  if (!offer) return null;
  // The agreement the ticket was opened under (the price), and its company's name (the course team's notice).
  const [t]: { agreement_kind: AgreementKind | null; company: string | null }[] = await tx.query(
    `SELECT t.agreement_kind, c.name AS company FROM tickets t LEFT JOIN companies c ON c.id = t.company_id WHERE t.id = $1`,
    [a.ticket.id],
  );
  const lang: Language = offer.course.language;
  const agreement = t?.agreement_kind ?? null;
  const course = offer.course;
  const choice = parseCourseChoice(a.newText, offeredOptions(offer.dates));
  const nothing = async () => undefined;

  if (choice.kind === 'not_an_answer') {
    // "Tak, vi vender tilbage": about the offer but no attempt to book. A person reads it; the
    // offer stays open, so a later "2" still books.
    await markTicket(tx, a.ticket.id, 'needs_triage', reason('course.not_an_answer'));
    return { kind: 'not_an_answer', reply: null, afterReply: nothing };
  }

  if (choice.kind === 'unclear') {
    await markTicket(tx, a.ticket.id, 'needs_triage', reason('course.unclear', { why: choice.why }));
    const lines = offerLines({ course, dates: offer.dates }, lang, agreement);
    return { kind: 'unclear', reply: { kind: 'course-unclear', language: lang, course: { title: course.title, lines, choices: choiceNumbers(offer.dates.length, lang), booked: null, chosen: null } }, afterReply: nothing };
  }

  const date = offer.dates[choice.option - 1] ?? null;
  const when = date ? formatWhen(date.startsAt, lang) : '';
  const price = priceFor(course, agreement);
  const result = date && date.startsAt.getTime() > a.now.getTime()
    ? await bookSeat(tx, { ticketId: a.ticket.id, dateId: date.id, offerId: offer.id, inboundMailId: a.mailId, companyId: a.ticket.companyId, priceDkk: price })
    : ({ kind: 'gone' } as const);

  if (result.kind === 'duplicate') {
    await markTicket(tx, a.ticket.id, null, reason('course.already_booked'));
    return { kind: 'duplicate', reply: null, afterReply: nothing };
  }

  if (result.kind === 'booked') {
    await markTicket(tx, a.ticket.id, 'training', reason('course.booked', { option: choice.option, course: course.title, when: formatWhen(result.date.startsAt, 'da') }));
    const booked = { when, place: formatPlace(course.place), price: formatPrice(price, lang), seatsLeft: result.date.seatsLeft };
    const courseCtx: CourseReplyContext = { title: course.title, lines: [], choices: '', booked, chosen: { n: choice.option, when, gone: false } };
    return {
      kind: 'booked',
      reply: { kind: 'course-booked', language: lang, course: courseCtx },
      afterReply: async () => {
        const to = deps.config.COURSE_TEAM_ADDRESS;
        if (!to) return;
        // The course team reads Danish; the notice is not an answer to anyone, so it stands alone.
        const daBooked = { when: formatWhen(result.date.startsAt, 'da'), place: formatPlace(course.place), price: price === 0 ? '0 kr. (dækket af kundens aftale)' : formatPrice(price, 'da'), seatsLeft: result.date.seatsLeft };
        const context: ReplyContext = {
          language: 'da',
          kind: 'course-notice',
          variant: null,
          ticket: { reference: a.ticket.reference, subject: course.title },
          recipient: { name: a.from.name ? a.from.name.slice(0, 200) : null, address: a.from.address },
          senderStatus: 'registered_contact',
          company: t?.company ? { name: t.company } : null,
          agreement: agreement ? { kind: agreement } : null,
          contacts: [],
          contactsCopied: false,
          topic: course.topic,
          course: { title: course.title, lines: [], choices: '', booked: daBooked, chosen: null },
        };
        await queueReply(tx, {
          renderer: deps.renderer,
          context,
          header: 'course-notice',
          ticketId: a.ticket.id,
          inboundMailId: null,
          to: { address: to, name: null },
          cc: [],
          inReplyTo: null,
          references: [],
          messageIdDomain: messageIdDomain(deps.config),
          suppressReason: null,
        });
      },
    };
  }

  // Full, or the date has started or was removed: the other dates of the course with seats left, as a new offer.
  await markTicket(tx, a.ticket.id, 'needs_triage', reason('course.full', { option: choice.option, when: date ? formatWhen(date.startsAt, 'da') : '?' }));
  const remaining = pickOffer((await offerCandidates(tx, course.topic, course.language, a.now)).filter((c) => c.course.id === course.id), course.topic, course.language, a.now);
  const lines = remaining ? offerLines(remaining, lang, agreement) : [];
  return {
    kind: 'full',
    reply: { kind: 'course-full', language: lang, course: { title: course.title, lines, choices: choiceNumbers(lines.length, lang), booked: null, chosen: { n: choice.option, when: when || `${choice.option}`, gone: result.kind === 'gone' } } },
    afterReply: async (outboxId) => {
      if (remaining) await rememberOffer(tx, a.ticket.id, outboxId, remaining);
    },
  };
}

/** The ticket is a training ticket; its queue moves when given; the reason is added to its explanation. */
async function markTicket(tx: EntityManager, ticketId: number, queue: 'training' | 'needs_triage' | null, why: Reason): Promise<void> {
  await tx.query(
    `UPDATE tickets SET category = 'training', queue = COALESCE($2, queue), explanation = explanation || $3::jsonb, updated_at = now() WHERE id = $1`,
    [ticketId, queue, JSON.stringify([why])],
  );
}
