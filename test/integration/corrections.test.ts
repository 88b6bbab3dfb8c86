import { createTestDatabase } from '../support/db';
import { buildMail } from '../support/mails';
import { configFrom, importTestRegistry } from '../support/env';
import { buildPipelineDeps } from '../../src/main/context';
import { loadCorrections } from '../../src/main/train';
import { storeRawMail } from '../../src/pipeline/ingest/store-raw-mail';
import { processInboundMail } from '../../src/pipeline/process-inbound-mail';
import { createLogger } from '../../src/shared/logger';

/** Agents' corrections are stored and become training examples for `npm run train`. */
describe('classifier corrections', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await importTestRegistry(db.dataSource);
  });
  afterAll(async () => db.drop());

  it('the latest correction per mail is loaded as a training example with the mail as production parsed it', async () => {
    const config = configFrom({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    const deps = buildPipelineDeps(config, createLogger('silent'), db.dataSource);
    const m = await buildMail({ from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: 'Lagerstyring', text: 'Hej\n\nKan I vise os, hvordan vi bruger lagermodulet? Vi forstår ikke, hvordan det hænger sammen.\n\nMvh\nSøren' });
    const stored = await storeRawMail(db.dataSource, { raw: m.raw, mailbox: 'INBOX' });
    const outcome = await processInboundMail(deps, stored.id);
    if (outcome.state !== 'processed') throw new Error(JSON.stringify(outcome));
    await db.dataSource.query(
      `INSERT INTO classification_corrections (ticket_id, inbound_mail_id, from_category, to_category, created_by) VALUES ($1, $2, 'support', 'service_request', 'a@x'), ($1, $2, 'service_request', 'training', 'b@x')`,
      [outcome.ticketId, stored.id],
    );
    const examples = await loadCorrections(config, createLogger('silent'), () => undefined);
    expect(examples).toHaveLength(1);
    expect(examples[0].category).toBe('training');
    expect(examples[0].input.subject).toBe('Lagerstyring');
    expect(examples[0].input.newText).toMatch(/lagermodulet/);
    expect(examples[0].input.newText).not.toMatch(/Mvh/);
  });
});
