import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
