import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli } from '../support/cli';
import { createTestDatabase } from '../support/db';
import { startDovecot } from '../../harness/dovecot';
import { startSmtpSink } from '../../harness/smtp-sink';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry, ROOT, workerEnv } from '../support/env';
import { startWorker } from '../../src/main/worker';
import { createLogger } from '../../src/shared/logger';
import { readHelpArticlesCsv } from '../../src/help/csv';
import { importArticles } from '../../src/help/articles';

jest.setTimeout(120_000);

/**
 * Self-help through the real parts: a support question appended to a private Dovecot is
 * fetched by the worker, answered through the outbox and arrives at the SMTP sink listing the
 * help article that answers it; an error report in the same run arrives without articles.
 */
describe('help articles in the reply (Dovecot → worker → SMTP sink)', () => {
  it('a registered contact\'s support question gets the article; an error report gets none', async () => {
    const [db, dovecot, sink] = await Promise.all([createTestDatabase(), startDovecot(), startSmtpSink()]);
    await importTestRegistry(db.dataSource);
    await importArticles(db.dataSource, readHelpArticlesCsv(readFileSync(join(ROOT, 'examples', 'help-articles.csv'), 'utf8')));
    const worker = await startWorker(configFrom(workerEnv({ databaseUrl: db.url, dovecot, sink })), createLogger('silent'));
    try {
      const question = await buildMail({
        from: 'Søren Havn <soeren@havnens-vvs.dk>',
        subject: 'Kunden skal have en kreditnota',
        text: 'Hej\n\nVi har sendt en faktura med to timer for meget. Hvordan laver jeg en kreditnota på de to timer?\n\nVenlig hilsen\nSøren Havn',
      });
      const error = await buildMail({
        from: 'Mette Fjordby <mette@fjordby-el.dk>',
        subject: 'Alt står stille',
        text: 'Hej\n\nSiden i morges kan vi ikke åbne nogen opgaver i Microbizz. Vi får fejlbeskeden "500 Internal Server Error" hver gang, og ingen af montørerne kan arbejde.\n\nMvh Mette',
      });
      await dovecot.append('support@microbizz.dk', question.raw);
      await dovecot.append('support@microbizz.dk', error.raw);
      const replies = await sink.waitFor(2, 60_000);
      const to = (id: string | null) => replies.find((r) => r.parsed.inReplyTo === `<${id}>`)!;

      const answer = to(question.messageId);
      expect(answer.parsed.headers.get('x-servicedesk-reply')).toBe('support/basis');
      expect(answer.parsed.text).toContain('Måske kan du allerede finde svaret i vores hjælpecenter:');
      expect(answer.parsed.text).toContain('- Opret en kreditnota på en faktura\n  https://help.microbizz.dk/eksempel/kreditnota');
      expect(answer.parsed.html).toContain('<a href="https://help.microbizz.dk/eksempel/kreditnota">');

      const errorReply = to(error.messageId);
      expect(errorReply.parsed.headers.get('x-servicedesk-reply')).toBe('error');
      expect(errorReply.parsed.text).not.toMatch(/hjælpecenter|help\.microbizz\.dk/);

      const [row] = await db.dataSource.query(`SELECT o.help_articles FROM outbox o JOIN inbound_mails m ON m.id = o.inbound_mail_id WHERE m.message_id = $1`, [question.messageId]);
      expect(row.help_articles[0]).toMatchObject({ url: 'https://help.microbizz.dk/eksempel/kreditnota' });
    } finally {
      await worker.stop();
      await Promise.allSettled([dovecot.dispose(), sink.stop()]);
      await db.drop();
    }
  });
});

describe('the embedded default (`servicedesk run`, no IMAP_HOST, no DATABASE_URL)', () => {
  it('loads the example catalogue into an empty catalogue only, and the example support question is answered with its article', async () => {
    const work = mkdtempSync(join(tmpdir(), 'sd-run-kb-'));
    try {
      const env = { DATA_DIR: join(work, 'var'), LOG_LEVEL: 'warn' };
      const first = await runCli(['run', '--outbox', join(work, 'out')], env);
      expect(first.code).toBe(0);
      const n = readHelpArticlesCsv(readFileSync(join(ROOT, 'examples', 'help-articles.csv'), 'utf8')).length;
      expect(first.stdout).toContain(`help articles: ${n} example articles loaded (examples/help-articles.csv)`);
      const replies = await Promise.all(readdirSync(join(work, 'out')).map((f) => simpleParser(readFileSync(join(work, 'out', f)))));
      const support = replies.filter((r) => /^support\//.test(String(r.headers.get('x-servicedesk-reply'))));
      expect(support).toHaveLength(1);
      expect(support[0]!.text).toContain('https://help.microbizz.dk/eksempel/kreditnota');
      for (const r of replies.filter((x) => x !== support[0])) expect(r.text).not.toContain('help.microbizz.dk');

      // The catalogue is no longer empty: a second run leaves it alone (a real one is never overwritten).
      const exported = await runCli(['kb', 'export'], env);
      const again = await runCli(['run', '--outbox', join(work, 'out')], env);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain('example articles loaded');
      expect((await runCli(['kb', 'export'], env)).stdout).toBe(exported.stdout);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
