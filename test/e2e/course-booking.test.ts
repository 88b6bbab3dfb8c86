import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli } from '../support/cli';
import { createTestDatabase } from '../support/db';
import { startDovecot } from '../../harness/dovecot';
import { startSmtpSink } from '../../harness/smtp-sink';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, workerEnv } from '../support/env';
import { startWorker } from '../../src/main/worker';
import { createLogger } from '../../src/shared/logger';
import { readCoursesCsv } from '../../src/courses/csv';
import { importCourses } from '../../src/courses/store';

jest.setTimeout(120_000);

/**
 * Booking a course by answering the training offer, through the real parts: a training need
 * appended to a private Dovecot gets an offer with numbered dates at the SMTP sink; the
 * customer's answer "2", appended twice, books the second date exactly once, the confirmation
 * names that date, the course team's notice arrives at COURSE_TEAM_ADDRESS, and the managers'
 * report counts one offer, one booking, 100 %.
 */
const CALENDAR = `code,topic,language,title,place,price,agreement_prices,starts_at,seats_total
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-03-12 09:00,12
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-04-09 09:00,4
planning-da,planning,da,Planlægning og ressourcestyring,"Aarhus, Søren Frichs Vej 38",2500,udvidet=0,2031-05-21 13:00,8
`;
const TEAM = 'kursus@microbizz.dk';

describe('a course booked by answering the training offer (Dovecot → worker → SMTP sink)', () => {
  it('"2" books the second date once, even appended twice; the course team is told; the report counts it', async () => {
    const [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(db.dataSource);
    await importCourses(db.dataSource, readCoursesCsv(CALENDAR));
    const worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink, extra: { COURSE_TEAM_ADDRESS: TEAM } })), createLogger('silent'));
    try {
      const need = await buildMail({
        from: 'Søren Havn <soeren@havnens-vvs.dk>',
        subject: 'Kursus i planlægning',
        text: 'Hej\n\nVi har fået to nye kontormedarbejdere, som aldrig har brugt Microbizz. Kan I holde et kursus for dem og give dem en grundig gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen\nSøren Havn',
      });
      await dovecot.append('support@microbizz.dk', need.raw);
      const [offer] = await sink.waitFor(1, 60_000);
      expect(offer!.parsed.inReplyTo).toBe(`<${need.messageId}>`);
      expect(offer!.parsed.headers.get('x-servicedesk-reply')).toBe('training-offer');
      const text = offer!.parsed.text!;
      expect(text).toContain('»Planlægning og ressourcestyring«');
      expect(text).toContain('1. onsdag den 12. marts 2031 kl. 9.00 — Aarhus, Søren Frichs Vej 38 — 12 ledige pladser — 2.500 kr. ekskl. moms');
      expect(text).toContain('2. onsdag den 9. april 2031 kl. 9.00 — Aarhus, Søren Frichs Vej 38 — 4 ledige pladser — 2.500 kr. ekskl. moms');
      expect(text).toContain('3. onsdag den 21. maj 2031 kl. 13.00');
      expect(text).toContain('Svar på denne mail med 1, 2 eller 3');

      // The customer answers "2" under a quote of our offer, and the mail arrives twice.
      const offerId = offer!.parsed.messageId!.replace(/^<|>$/g, '');
      const answer = await buildMail({
        from: 'Søren Havn <soeren@havnens-vvs.dk>',
        subject: `SV: ${offer!.parsed.subject}`,
        text: `2\n\nSøren\n\nDen ${new Date().toLocaleDateString('da-DK')} skrev Microbizz Servicedesk <support@microbizz.dk>:\n${text.split('\n').map((l) => `> ${l}`).join('\n')}`,
        inReplyTo: offerId,
        references: [need.messageId!, offerId],
      });
      await dovecot.append('support@microbizz.dk', answer.raw);
      await dovecot.append('support@microbizz.dk', answer.raw);

      const all = await sink.waitFor(3, 60_000);
      const confirmation = all.find((m) => m.parsed.headers.get('x-servicedesk-reply') === 'course-booked')!;
      expect(confirmation.parsed.inReplyTo).toBe(`<${answer.messageId}>`);
      expect(confirmation.envelopeTo).toEqual(['soeren@havnens-vvs.dk']);
      expect(confirmation.parsed.subject).toContain('Din plads er booket: Planlægning og ressourcestyring, onsdag den 9. april 2031 kl. 9.00');
      expect(confirmation.parsed.text).toContain('Dato: onsdag den 9. april 2031 kl. 9.00');
      expect(confirmation.parsed.text).toContain('Sted: Aarhus, Søren Frichs Vej 38');
      expect(confirmation.parsed.text).toContain('Pris: 2.500 kr. ekskl. moms');
      const notice = all.find((m) => m.parsed.headers.get('x-servicedesk-reply') === 'course-notice')!;
      expect(notice.envelopeTo).toEqual([TEAM]);
      expect(notice.parsed.text).toContain('Kunde: Søren Havn <soeren@havnens-vvs.dk>');
      expect(notice.parsed.text).toContain('Virksomhed: Havnens VVS & Blik A/S');

      // The second copy is processed too (recognised as the same mail): no second booking, no second confirmation.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(sink.messages).toHaveLength(3);
      const bookings = await db.dataSource.query(`SELECT d.starts_at FROM course_bookings b JOIN course_dates d ON d.id = b.course_date_id`);
      expect(bookings.map((b: { starts_at: Date }) => b.starts_at.toISOString())).toEqual(['2031-04-09T07:00:00.000Z']);
      expect(await db.dataSource.query(`SELECT seats_left FROM course_dates ORDER BY starts_at`)).toEqual([{ seats_left: 12 }, { seats_left: 3 }, { seats_left: 8 }]);
      const [ticket] = await db.dataSource.query(`SELECT category, queue FROM tickets`);
      expect(ticket).toEqual({ category: 'training', queue: 'training' });

      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
      const res = await runCli(['report', 'training', '--from', today, '--to', today, '--format', 'json'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
      expect(res.code).toBe(0);
      const report = JSON.parse(res.stdout);
      expect(report.courses).toMatchObject({ offers: 1, bookings: 1, conversion: 1 });
      expect(report.courses.byCompany).toEqual([{ companyId: expect.any(Number), name: 'Havnens VVS & Blik A/S', offers: 1, bookings: 1, conversion: 1 }]);
      expect(report.courses.byCourse).toEqual([{ courseId: expect.any(Number), title: 'Planlægning og ressourcestyring', offers: 1, bookings: 1, conversion: 1 }]);
      const html = await runCli(['report', 'training', '--from', today, '--to', today, '--format', 'html'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
      expect(html.stdout).toContain('Kursusbookinger <b>1</b> &middot; Konvertering <b>100 %</b>');
    } finally {
      await worker.stop();
      await Promise.allSettled([dovecot.dispose(), sink.stop()]);
      await db.drop();
    }
  });
});

describe('the embedded default (`servicedesk run`, no IMAP_HOST, no DATABASE_URL)', () => {
  it('loads the example calendar into an empty calendar only, with dates ahead, and the example training need gets them', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sd-run-courses-'));
    try {
      const env = { DATA_DIR: join(work, 'var'), LOG_LEVEL: 'warn' };
      const first = await runCli(['run', '--outbox', join(work, 'out')], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/courses: \d+ example courses with \d+ dates loaded \(examples\/courses\.csv\)/);
      const replies = await Promise.all(readdirSync(join(work, 'out')).map((f) => simpleParser(readFileSync(join(work, 'out', f)))));
      const offers = replies.filter((r) => r.headers.get('x-servicedesk-reply') === 'training-offer');
      expect(offers).toHaveLength(1);
      expect(offers[0]!.text).toContain('»Planlægning og ressourcestyring«');
      expect(offers[0]!.text).toMatch(/\n1\. \S+ den \d+\. \S+ \d{4} kl\. 9\.00 — Aarhus/);
      expect(offers[0]!.text).toContain('Svar på denne mail med 1, 2 eller 3');

      // The calendar is no longer empty: a second run leaves it alone.
      const exported = await runCli(['courses', 'export'], env);
      const again = await runCli(['run', '--outbox', join(work, 'out')], env);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain('example courses');
      expect((await runCli(['courses', 'export'], env)).stdout).toBe(exported.stdout);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
