import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase } from '../../support/db';
import { buildMail, type TestMail } from '../../support/mails';
import { configFrom, importTestRegistry, ROOT } from '../../support/env';
import { buildPipelineDeps } from '../../../src/main/context';
import { storeRawMail } from '../../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../../src/pipeline/process-inbound-mail';
import { createLogger } from '../../../src/shared/logger';
import { readHelpArticlesCsv } from '../../../src/help/csv';
import { importArticles } from '../../../src/help/articles';
import type { PipelineDeps } from '../../../src/pipeline/deps';

jest.setTimeout(120_000);

/**
 * Help articles in the automatic reply, through the whole inbound pipeline on the real
 * PostgreSQL: a support question from a registered contact gets the articles; an error, an
 * unknown sender, a colleague who is not a contact and an unrelated question get none.
 */
const CREDIT_DA = 'Hej\n\nHvordan laver jeg en kreditnota på en faktura, der allerede er sendt til kunden? Der er faktureret to timer for meget.\n\nVenlig hilsen\nSøren';
const CREDIT_EN = 'Hi,\n\nA customer was overcharged on an invoice we already sent. How do I make a credit note for it?\n\nBest regards\nKarsten';
const ERROR_DA = 'Hej\n\nSiden i morges går det galt, når vi sender en faktura igen til kunden pr. mail: vi får fejlbeskeden "500 Internal Server Error" hver gang, og ingen fakturaer bliver sendt. Det er kritisk.\n\nMvh Søren';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: PipelineDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  await importTestRegistry(db.dataSource);
  await importArticles(db.dataSource, readHelpArticlesCsv(readFileSync(join(ROOT, 'examples', 'help-articles.csv'), 'utf8')));
  deps = buildPipelineDeps(configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', LOG_LEVEL: 'silent' }), createLogger('silent'), db.dataSource);
});
afterAll(async () => db?.drop());

async function deliver(mail: TestMail) {
  const { raw } = await buildMail(mail);
  const stored = await storeRawMail(db.dataSource, { raw, mailbox: 'INBOX' });
  const outcome = await processInboundMail(deps, stored.id);
  expect(outcome.state).toBe('processed');
  const [row] = await db.dataSource.query(`SELECT kind, state, body_text, body_html, help_articles FROM outbox WHERE inbound_mail_id = $1`, [stored.id]);
  return row as { kind: string; state: string; body_text: string; body_html: string; help_articles: { id: number; url: string; title: string; language: string; score: number }[] };
}

it('a Danish support question from a registered contact: the reply lists the answering article, and the outbox row remembers it', async () => {
  const r = await deliver({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Kreditnota', text: CREDIT_DA });
  expect(r.kind).toBe('support/basis');
  expect(r.state).toBe('pending');
  expect(r.body_text).toContain('Måske kan du allerede finde svaret i vores hjælpecenter:');
  expect(r.body_text).toContain('- Opret en kreditnota på en faktura\n  https://help.microbizz.dk/eksempel/kreditnota');
  expect(r.body_html).toContain('href="https://help.microbizz.dk/eksempel/kreditnota"');
  expect(r.help_articles.length).toBeGreaterThanOrEqual(1);
  expect(r.help_articles.length).toBeLessThanOrEqual(3);
  expect(r.help_articles[0]).toMatchObject({ url: 'https://help.microbizz.dk/eksempel/kreditnota', language: 'da', title: 'Opret en kreditnota på en faktura' });
  expect(r.help_articles.every((a) => a.language === 'da' && a.score >= deps.config.HELP_MIN_SCORE)).toBe(true);
});

it('in English, English articles', async () => {
  const r = await deliver({ from: 'Karsten Østerlund <k.oesterlund@hotmail.com>', subject: 'Credit note', text: CREDIT_EN });
  expect(r.kind).toBe('support/timefakturering');
  expect(r.body_text).toContain('You may already find the answer in our help centre:');
  expect(r.help_articles[0]).toMatchObject({ url: 'https://help.microbizz.dk/example/credit-note', language: 'en' });
});

it('an error report gets no articles, even when its words match one', async () => {
  // The words alone would be offered an article (so the policy, not the search, keeps it out).
  const index = await deps.help.index();
  expect(index.suggest({ subject: 'Fakturaer kan ikke sendes', text: ERROR_DA, language: 'da', topic: 'invoicing' }, { minScore: deps.config.HELP_MIN_SCORE }).length).toBeGreaterThan(0);
  const r = await deliver({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Fakturaer kan ikke sendes', text: ERROR_DA });
  expect(r.kind).toBe('error');
  expect(r.body_text).not.toMatch(/hjælpecenter|help\.microbizz\.dk/);
  expect(r.help_articles).toEqual([]);
});

it('an unknown sender asking the same support question gets no articles', async () => {
  // The same text from Søren got the article (first test): only the sender differs.
  const r = await deliver({ from: 'Peter Ukendt <peter@it-partner.example>', subject: 'Kreditnota', text: CREDIT_DA });
  expect(r.kind).toBe('unknown-sender');
  expect(r.body_text).not.toMatch(/hjælpecenter|help\.microbizz\.dk/);
  expect(r.help_articles).toEqual([]);
});

it('a colleague who is not a support contact gets the not-registered reply, without articles', async () => {
  const r = await deliver({ from: 'Lager <lager@havnens-vvs.dk>', subject: 'Kreditnota', text: CREDIT_DA });
  expect(r.kind).toBe('not-registered');
  expect(r.help_articles).toEqual([]);
  expect(r.body_text).not.toMatch(/help\.microbizz\.dk/);
});

it('a support question no article answers gets the plain acknowledgement', async () => {
  const r = await deliver({ from: 'Mette Fjordby <mette@fjordby-el.dk>', subject: 'Moms på svensk kunde', text: 'Hej\n\nHvordan skal vi håndtere momsen, når vi udfører arbejde for en svensk virksomhed med omvendt betalingspligt?\n\nMvh Mette' });
  expect(r.kind).toMatch(/^support\//);
  expect(r.body_text).toContain('Tak for dit spørgsmål.');
  expect(r.body_text).not.toMatch(/hjælpecenter|help\.microbizz\.dk/);
  expect(r.help_articles).toEqual([]);
});
