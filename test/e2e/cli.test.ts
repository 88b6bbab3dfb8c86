import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { runCli } from '../support/cli';
import { ROOT } from '../support/env';

jest.setTimeout(180_000);

/**
 * The CLI as a new user runs it, on the embedded PostgreSQL (no DATABASE_URL, no Redis):
 * the same migrations through TypeORM on PGlite, the folder pipeline, and the read commands.
 */
describe('servicedesk CLI on the embedded database', () => {
  let work: string;
  let env: Record<string, string>;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sd-cli-'));
    env = { DATA_DIR: join(work, 'var'), LOG_LEVEL: 'warn' };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('import-contacts, run-folder twice, tickets --json, stats --json', async () => {
    const reg = join(ROOT, 'examples', 'registry');
    const imp = await runCli(['import-contacts', '--companies', join(reg, 'companies.csv'), '--contacts', join(reg, 'contacts.csv')], env);
    expect(imp.stderr).not.toMatch(/"level":50/);
    expect(imp.stdout).toContain('companies: 4 created');

    const outbox = join(work, 'outbox');
    const inbox = join(ROOT, 'examples', 'inbox');
    const first = await runCli(['run-folder', inbox, '--outbox', outbox], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/files=6 stored=6 duplicates=0 processed=5 ignored=1 quarantined=0 tickets_created=5 replies_written=5/);
    const replies = await Promise.all(readdirSync(outbox).map(async (f) => simpleParser(readFileSync(join(outbox, f)))));
    expect(replies).toHaveLength(5);
    for (const r of replies) {
      expect(r.headers.get('auto-submitted')).toBe('auto-replied');
      expect(r.subject).toMatch(/\[MB-\d{6}\]/);
    }
    // The windows-1252 mail's æøå survived into the ticket subject.
    const tickets = JSON.parse((await runCli(['tickets', '--json'], env)).stdout);
    expect(tickets.map((t: { subject: string }) => t.subject)).toContain('Appen virker ikke for montørerne');
    for (const key of ['reference', 'messageId', 'messageIds', 'subject', 'fromAddress', 'category', 'confidence', 'language', 'senderStatus', 'company', 'agreement', 'status', 'repliesSent']) {
      expect(tickets[0]).toHaveProperty(key);
    }
    const noId = tickets.find((t: { fromAddress: string }) => t.fromAddress === 'peter@it-partner.example');
    expect(noId.messageId).toMatch(/@synthetic\.servicedesk\.invalid$/);
    expect(noId.senderStatus).toBe('unknown_domain');

    const again = await runCli(['run-folder', inbox, '--outbox', outbox], env);
    expect(again.stdout).toMatch(/files=6 stored=0 duplicates=6 processed=0/);
    expect(readdirSync(outbox)).toHaveLength(5);

    const stats = JSON.parse((await runCli(['stats', '--json'], env)).stdout);
    expect(stats.inbound).toEqual({ received: 0, processed: 5, ignored: 1, quarantined: 0 });
    expect(stats.replies.sent).toBe(5);
  });

  it('a bad CSV row names its line and imports nothing', async () => {
    const bad = join(work, 'bad-companies.csv');
    writeFileSync(bad, 'name,domain,agreement\nA ApS,a.dk,basis\nB ApS,b.dk,platinum\n');
    const contacts = join(work, 'contacts.csv');
    writeFileSync(contacts, 'company,name,email\nA ApS,Anna,anna@a.dk\n');
    const r = await runCli(['import-contacts', '--companies', bad, '--contacts', contacts], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3: agreement "platinum"/);
  });

  it('classify needs no database and explains itself', async () => {
    const r = await runCli(['classify', join(ROOT, 'examples', 'inbox', '01-app-nede.eml'), '--json'], { LOG_LEVEL: 'warn', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.category).toBe('error');
    expect(c.language).toBe('da');
    expect(c.explanation.length).toBeGreaterThan(0);
  });

  it('a bad configuration names every bad key', async () => {
    const r = await runCli(['stats'], { IMAP_HOST: 'imap.example.dk', IMAP_PORT: 'abc', QUEUE_PREFIX: 'has space' });
    expect(r.code).toBe(2);
    for (const key of ['IMAP_PORT', 'QUEUE_PREFIX', 'IMAP_USER', 'IMAP_PASSWORD']) expect(r.stderr).toContain(key);
  });
});
