import { createTestDatabase } from '../../support/db';
import { buildMail, type TestMail } from '../../support/mails';
import { configFrom, importTestRegistry } from '../../support/env';
import { buildPipelineDeps } from '../../../src/main/context';
import { storeRawMail } from '../../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../../src/pipeline/process-inbound-mail';
import { createLogger } from '../../../src/shared/logger';
import { readCoursesCsv } from '../../../src/courses/csv';
import { bookSeat, importCourses } from '../../../src/courses/store';
import type { PipelineDeps } from '../../../src/pipeline/deps';

jest.setTimeout(120_000);

/**
 * Booking a course by answering a training offer, through the inbound pipeline on the real
 * PostgreSQL: the offer lists the dates and remembers them; "2" books the second date once
 * (the same answer again books nothing and gets no second confirmation); two answers racing
 * for the last seat on two connections give exactly one booking, and the other the "full" path.
 */
const TRAINING_DA = 'Hej\n\nVi har fået to nye kontormedarbejdere, som aldrig har brugt Microbizz. Kan I holde et kursus for dem og give dem en grundig gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen';

// Far ahead, so the test does not age. Date 2 has ONE seat: the race is for it.
const CALENDAR = `code,topic,language,title,place,price,agreement_prices,starts_at,seats_total
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-03-12 09:00,5
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-04-09 09:00,1
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-05-21 13:00,8
`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: PipelineDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  await importTestRegistry(db.dataSource);
  await importCourses(db.dataSource, readCoursesCsv(CALENDAR));
  deps = buildPipelineDeps(configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', LOG_LEVEL: 'silent', COURSE_TEAM_ADDRESS: 'kursus@microbizz.dk' }), createLogger('silent'), db.dataSource);
});
afterAll(async () => db?.drop());

async function store(mail: TestMail) {
  const { raw, messageId } = await buildMail(mail);
  const stored = await storeRawMail(db.dataSource, { raw, mailbox: 'INBOX' });
  return { id: stored.id, messageId: messageId!, raw };
}

const replyOf = async (mailId: string) =>
  ((await db.dataSource.query(`SELECT id, kind, state, subject, body_text, message_id FROM outbox WHERE inbound_mail_id = $1`, [mailId])) as { id: string; kind: string; state: string; subject: string; body_text: string; message_id: string }[])[0];

const seats = async () => ((await db.dataSource.query(`SELECT starts_at, seats_left FROM course_dates ORDER BY starts_at`)) as { seats_left: number }[]).map((r) => r.seats_left);

/** A customer's training need and our offer: the ticket, the offer's outbox row. */
async function offerTo(from: string) {
  const m = await store({ from, subject: 'Kursus i planlægning', text: TRAINING_DA });
  const outcome = await processInboundMail(deps, m.id);
  expect(outcome.state).toBe('processed');
  const offer = (await replyOf(m.id))!;
  return { mail: m, offer, ticketId: (outcome as { ticketId: number }).ticketId };
}

function answer(to: { offer: { subject: string; message_id: string } }, from: string, text: string): TestMail {
  return { from, subject: `Re: ${to.offer.subject}`, text, inReplyTo: to.offer.message_id, references: [to.offer.message_id] };
}

const SOEREN = 'Søren Havn <soeren@havnens-vvs.dk>';
const METTE = 'Mette Fjordby <mette@fjordby-el.dk>';
// A third contact, so that no one's reply budget runs out (the same training text again looks like a loop).
const JENS = 'Jens Holm <jh@fjordby-el.dk>';

it('a training need gets the course with its next dates, numbered, and the offer is remembered in order', async () => {
  const { offer, ticketId } = await offerTo(SOEREN);
  expect(offer.kind).toBe('training-offer');
  expect(offer.body_text).toContain('»Planlægning og ressourcestyring«');
  expect(offer.body_text).toContain('1. onsdag den 12. marts 2031 kl. 9.00 — Aarhus, Søren Frichs Vej 38 — 5 ledige pladser — 2.500 kr. ekskl. moms');
  expect(offer.body_text).toContain('2. onsdag den 9. april 2031 kl. 9.00 — Aarhus, Søren Frichs Vej 38 — 1 ledig plads');
  expect(offer.body_text).toContain('3. onsdag den 21. maj 2031 kl. 13.00');
  expect(offer.body_text).toContain('Svar på denne mail med 1, 2 eller 3');
  const [row] = await db.dataSource.query(`SELECT o.ticket_id, o.outbox_id::text, array(SELECT d.starts_at FROM unnest(o.date_ids) WITH ORDINALITY u(id, i) JOIN course_dates d ON d.id = u.id ORDER BY u.i) AS starts FROM course_offers o WHERE o.outbox_id = $1`, [offer.id]);
  expect(row.ticket_id).toBe(ticketId);
  expect(row.starts.map((d: Date) => d.toISOString())).toEqual(['2031-03-12T08:00:00.000Z', '2031-04-09T07:00:00.000Z', '2031-05-21T11:00:00.000Z']);
});

it('two answers racing for the last seat on two connections: exactly one booking, the other gets the full path', async () => {
  const a = await offerTo(SOEREN);
  const b = await offerTo(METTE);
  const ma = await store(answer(a, SOEREN, 'Ja tak, 2 passer fint'));
  const mb = await store(answer(b, METTE, 'Vi tager nr. 2'));
  const before = await seats();
  expect(before[1]).toBe(1);
  const outcomes = await Promise.all([processInboundMail(deps, ma.id), processInboundMail(deps, mb.id)]);
  expect(outcomes.map((o) => o.state)).toEqual(['processed', 'processed']);
  const kinds = [(await replyOf(ma.id))!.kind, (await replyOf(mb.id))!.kind].sort();
  expect(kinds).toEqual(['course-booked', 'course-full']);
  expect((await seats())[1]).toBe(0);
  const bookings = await db.dataSource.query(`SELECT ticket_id FROM course_bookings WHERE ticket_id = ANY($1)`, [[a.ticketId, b.ticketId]]);
  expect(bookings).toHaveLength(1);
  // The loser: needs triage, told the date is full and offered the remaining dates (a new offer).
  const loser = bookings[0].ticket_id === a.ticketId ? { ...b, answer: mb } : { ...a, answer: ma };
  const full = (await replyOf(loser.answer.id))!;
  expect(full.body_text).toContain('holdet onsdag den 9. april 2031 kl. 9.00');
  expect(full.body_text).toContain('Svar på denne mail med 1 eller 2');
  const [t] = await db.dataSource.query(`SELECT queue, category FROM tickets WHERE id = $1`, [loser.ticketId]);
  expect(t).toEqual({ queue: 'needs_triage', category: 'training' });
  const offers = await db.dataSource.query(`SELECT cardinality(date_ids) AS n FROM course_offers WHERE ticket_id = $1 ORDER BY id`, [loser.ticketId]);
  expect(offers.map((o: { n: number }) => o.n)).toEqual([3, 2]);
});

it('the seat itself: a second booking of the last seat waits for the first and then finds it full', async () => {
  const a = await offerTo(SOEREN);
  const b = await offerTo(METTE);
  const [d] = await db.dataSource.query(`INSERT INTO course_dates (course_id, starts_at, seats_total, seats_left) SELECT id, '2032-01-01T08:00:00Z', 1, 1 FROM courses WHERE code = 'planning-da' RETURNING id`);
  const qa = db.dataSource.createQueryRunner();
  const qb = db.dataSource.createQueryRunner();
  await qa.connect();
  await qb.connect();
  try {
    await qa.startTransaction();
    await qb.startTransaction();
    const first = await bookSeat(qa.manager, { ticketId: a.ticketId, dateId: d.id, offerId: null, inboundMailId: null, companyId: null, priceDkk: 2500 });
    expect(first.kind).toBe('booked');
    let settled = false;
    const second = bookSeat(qb.manager, { ticketId: b.ticketId, dateId: d.id, offerId: null, inboundMailId: null, companyId: null, priceDkk: 2500 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // blocked on the date's row lock
    await qa.commitTransaction();
    expect((await second).kind).toBe('full');
    await qb.commitTransaction();
  } finally {
    await qa.release();
    await qb.release();
  }
  const [row] = await db.dataSource.query(`SELECT seats_left, (SELECT count(*)::int FROM course_bookings WHERE course_date_id = $1) AS booked FROM course_dates WHERE id = $1`, [d.id]);
  expect(row).toEqual({ seats_left: 0, booked: 1 });
});

it('the booking row itself: the same ticket and date twice, or the same mail twice, books one seat; the second is a no-op', async () => {
  const a = await offerTo(JENS);
  const [d] = await db.dataSource.query(`INSERT INTO course_dates (course_id, starts_at, seats_total, seats_left) SELECT id, '2032-02-01T08:00:00Z', 5, 5 FROM courses WHERE code = 'planning-da' RETURNING id`);
  const [d2] = await db.dataSource.query(`INSERT INTO course_dates (course_id, starts_at, seats_total, seats_left) SELECT id, '2032-03-01T08:00:00Z', 5, 5 FROM courses WHERE code = 'planning-da' RETURNING id`);
  const book = (dateId: number, inboundMailId: string | null) =>
    db.dataSource.transaction((tx) => bookSeat(tx, { ticketId: a.ticketId, dateId, offerId: null, inboundMailId, companyId: null, priceDkk: 2500 }));
  expect((await book(d.id, a.mail.id)).kind).toBe('booked');
  expect(await book(d.id, null)).toEqual({ kind: 'duplicate' }); // same ticket and date
  expect(await book(d2.id, a.mail.id)).toEqual({ kind: 'duplicate' }); // same inbound mail
  expect(await db.dataSource.query(`SELECT seats_left FROM course_dates WHERE id = ANY($1) ORDER BY starts_at`, [[d.id, d2.id]])).toEqual([{ seats_left: 4 }, { seats_left: 5 }]);
});

it('"2" books the second date once: the confirmation names it, the course team is told; the same answer again books nothing and gets no reply', async () => {
  // Date 2 (9 April) was filled by the race above: three more seats, so it is offered again as option 2.
  await db.dataSource.query(`UPDATE course_dates SET seats_total = seats_total + 3, seats_left = seats_left + 3 WHERE starts_at = '2031-04-09T07:00:00Z'`);
  const o = await offerTo(SOEREN);
  expect(o.offer.body_text).toContain('2. onsdag den 9. april 2031 kl. 9.00');
  const left = (await seats())[1]!;
  const first = await store(answer(o, SOEREN, '2'));
  expect((await processInboundMail(deps, first.id)).state).toBe('processed');
  const confirmation = (await replyOf(first.id))!;
  expect(confirmation.kind).toBe('course-booked');
  expect(confirmation.subject).toContain('Din plads er booket: Planlægning og ressourcestyring, onsdag den 9. april 2031 kl. 9.00');
  expect(confirmation.body_text).toContain('Dato: onsdag den 9. april 2031 kl. 9.00');
  expect(confirmation.body_text).toContain('Pris: 2.500 kr. ekskl. moms');
  expect((await seats())[1]).toBe(left - 1);
  const notices = await db.dataSource.query(`SELECT to_address, body_text FROM outbox WHERE kind = 'course-notice' AND ticket_id = $1`, [o.ticketId]);
  expect(notices).toHaveLength(1);
  expect(notices[0].to_address).toBe('kursus@microbizz.dk');
  expect(notices[0].body_text).toContain('Kunde: Søren Havn <soeren@havnens-vvs.dk>');
  const [t] = await db.dataSource.query(`SELECT category, queue FROM tickets WHERE id = $1`, [o.ticketId]);
  expect(t).toEqual({ category: 'training', queue: 'training' });

  // The same text again (a second mail): no booking, no confirmation.
  const again = await store(answer(o, SOEREN, '2'));
  expect((await processInboundMail(deps, again.id)).state).toBe('processed');
  expect(await replyOf(again.id)).toBeUndefined();
  // The same mail re-delivered (same bytes): recognised when stored, nothing happens.
  const redelivered = await storeRawMail(db.dataSource, { raw: first.raw, mailbox: 'INBOX' });
  expect(redelivered.id).toBe(first.id);
  expect((await processInboundMail(deps, redelivered.id)).state).toBe('skipped');
  // The same Message-ID with other bytes (a client that sends again with a new Date header): books nothing, no reply.
  const { raw } = await buildMail({ ...answer(o, SOEREN, '2'), messageId: first.messageId, date: new Date(Date.now() + 60_000) });
  const resent = await storeRawMail(db.dataSource, { raw, mailbox: 'INBOX' });
  await processInboundMail(deps, resent.id);
  expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE inbound_mail_id = $1 AND id <> $2`, [resent.id, confirmation.id]))[0].n).toBe(0);
  const bookings = await db.dataSource.query(`SELECT count(*)::int AS n FROM course_bookings WHERE ticket_id = $1`, [o.ticketId]);
  expect(bookings[0].n).toBe(1);
  expect((await seats())[1]).toBe(left - 1);
  expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'course-booked' AND ticket_id = $1`, [o.ticketId])).toEqual([{ n: 1 }]);
});

it('an unclear answer ("1 eller 2") gets a reply saying so and sends the ticket to needs triage; nothing is booked', async () => {
  const o = await offerTo(METTE);
  const m = await store(answer(o, METTE, 'Hej, 1 eller 2 kan begge bruges'));
  await processInboundMail(deps, m.id);
  const r = (await replyOf(m.id))!;
  expect(r.kind).toBe('course-unclear');
  expect(r.body_text).toContain('Vi kunne ikke se, hvilken af datoerne');
  const [t] = await db.dataSource.query(`SELECT category, queue FROM tickets WHERE id = $1`, [o.ticketId]);
  expect(t).toEqual({ category: 'training', queue: 'needs_triage' });
  expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM course_bookings WHERE ticket_id = $1`, [o.ticketId])).toEqual([{ n: 0 }]);
  // The offer stays open: a clear answer afterwards books (Mette's agreement, udvidet, has the course for free).
  const m2 = await store(answer(o, METTE, 'Undskyld: den første'));
  await processInboundMail(deps, m2.id);
  const booked = (await replyOf(m2.id))!;
  expect(booked.kind).toBe('course-booked');
  expect(booked.body_text).toContain('Pris: gratis med jeres aftale');
  const [notice] = await db.dataSource.query(`SELECT body_text FROM outbox WHERE kind = 'course-notice' AND ticket_id = $1`, [o.ticketId]);
  expect(notice.body_text).toContain('Pris: 0 kr. (dækket af kundens aftale)');
  expect(notice.body_text).toContain('Aftale: Udvidet supportaftale');
});

it('a reply that does not answer the offer ("Tak, vi vender tilbage") gets no template: a person reads it in needs triage, and the offer stays open', async () => {
  const o = await offerTo(JENS);
  const m = await store(answer(o, JENS, 'Tak for tilbuddet. Vi drøfter det internt og vender tilbage.'));
  await processInboundMail(deps, m.id);
  expect(await replyOf(m.id)).toBeUndefined();
  const [t] = await db.dataSource.query(`SELECT category, queue, explanation FROM tickets WHERE id = $1`, [o.ticketId]);
  expect({ category: t.category, queue: t.queue }).toEqual({ category: 'training', queue: 'needs_triage' });
  expect(JSON.stringify(t.explanation)).toContain('course.not_an_answer');
  expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM course_bookings WHERE ticket_id = $1`, [o.ticketId])).toEqual([{ n: 0 }]);
  const m2 = await store(answer(o, JENS, 'Nu har vi talt sammen: 3'));
  await processInboundMail(deps, m2.id);
  expect((await replyOf(m2.id))!.kind).toBe('course-booked');
});
