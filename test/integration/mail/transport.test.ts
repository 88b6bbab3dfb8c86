import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReply, type ReplyRow } from '../../../src/mail/compose';
import { folderTransport, smtpTransport } from '../../../src/mail/transport';
import { configFrom } from '../../support/env';
import { readHeaderBlock, startSmtpSink, type ReceivedHeaders, type SmtpSink } from '../../../harness/smtp-sink';

jest.setTimeout(30_000);

const row = (over: Partial<ReplyRow> = {}): ReplyRow => ({
  kind: 'support',
  to_address: 'soeren@kunde.example',
  to_name: 'Søren Ærø',
  cc: ['kollega@kunde.example'],
  subject: '[MB-000042] Vi har modtaget dit spørgsmål (æøå)',
  body_text: 'Hej Søren,\n\nTak for din henvendelse om Ærø.\n.\nEn linje med et punktum alene ovenfor.',
  body_html: '<p>Hej Søren,</p><p>Tak for din henvendelse om Ærø.</p>',
  message_id: 'reply-42.x@microbizz.dk',
  in_reply_to: 'orig-42@kunde.example',
  references: ['orig-42@kunde.example'],
  ...over,
});

/** A prebuilt reply (compose.ts) through both transports, and the old options form still. */
describe('mail transports', () => {
  describe('smtpTransport', () => {
    let sink: SmtpSink;
    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(async () => {
      await sink.stop();
    });

    it('sends a prebuilt reply as it is, with its envelope', async () => {
      const config = configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', SMTP_HOST: sink.host, SMTP_PORT: String(sink.port), SMTP_SECURE: 'false' });
      const transport = smtpTransport(config);
      try {
        const built = await buildReply(row(), config);
        const r = await transport.send({ envelope: built.envelope, raw: built.raw, messageId: built.messageId });
        expect(r).toEqual({ accepted: ['soeren@kunde.example', 'kollega@kunde.example'], rejected: [] });
        const [mail] = await sink.waitFor(1);
        expect(mail!.envelopeFrom).toBe('support@microbizz.dk');
        expect(mail!.envelopeTo).toEqual(['soeren@kunde.example', 'kollega@kunde.example']);
        // Dot-stuffing is undone by the server; what arrives is the buffer, byte for byte.
        expect(mail!.raw.equals(built.raw)).toBe(true);
        expect(mail!.parsed.subject).toBe(row().subject);
        expect(mail!.parsed.text).toContain('Tak for din henvendelse om Ærø.\n.\nEn linje');
        expect(mail!.parsed.headers.get('x-servicedesk-reply')).toBe('support');
      } finally {
        transport.close();
        sink.clear();
      }
    });
  });

  describe("the benchmark's sink (parse: 'headers')", () => {
    let sink: SmtpSink<ReceivedHeaders>;
    beforeAll(async () => {
      sink = await startSmtpSink({ parse: 'headers' });
    });
    afterAll(async () => {
      await sink.stop();
    });

    it('reads the header block of each reply, unfolded, and nothing else', async () => {
      const config = configFrom({ DATABASE_URL: 'postgres://unused@127.0.0.1/x', SMTP_HOST: sink.host, SMTP_PORT: String(sink.port), SMTP_SECURE: 'false' });
      const transport = smtpTransport(config);
      try {
        const built = await buildReply(row({ references: ['a-very-long-message-id-number-one@kunde.example', 'a-very-long-message-id-number-two@kunde.example', 'orig-42@kunde.example'] }), config);
        await transport.send({ envelope: built.envelope, raw: built.raw, messageId: built.messageId });
        const [mail] = await sink.waitFor(1);
        expect(mail).not.toHaveProperty('parsed');
        expect(mail!.envelopeTo).toEqual(['soeren@kunde.example', 'kollega@kunde.example']);
        expect(mail!.headers.get('in-reply-to')).toBe('<orig-42@kunde.example>');
        expect(mail!.headers.get('x-servicedesk-reply')).toBe('support');
        expect(mail!.headers.get('message-id')).toBe('<reply-42.x@microbizz.dk>');
        // Folded by nodemailer over several lines; unfolded here.
        expect(mail!.raw.toString('latin1')).toMatch(/^References: [^\r]*\r\n /m);
        expect(mail!.headers.get('references')).toBe('<a-very-long-message-id-number-one@kunde.example> <a-very-long-message-id-number-two@kunde.example> <orig-42@kunde.example>');
        // Encoded words stay as they are; no header of the MIME parts is read.
        expect(mail!.headers.get('subject')).toMatch(/^=\?UTF-8\?/);
        expect(mail!.headers.get('content-type')).toMatch(/^multipart\/alternative;/);
        expect(mail!.headers.has('content-transfer-encoding')).toBe(false);
      } finally {
        transport.close();
      }
    });

    it('readHeaderBlock: first field of a name counts; LF-only messages too', () => {
      const h = readHeaderBlock(Buffer.from('Received: a\nreceived: b\nX-Long: one\n\ttwo\nSubject:  x \n\nBody: no\n'));
      expect([...h]).toEqual([
        ['received', 'a'],
        ['x-long', 'one two'],
        ['subject', 'x'],
      ]);
    });
  });

  describe('folderTransport', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sd-folder-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes a prebuilt reply byte for byte, named after its Message-ID', async () => {
      const built = await buildReply(row(), { MAIL_FROM: 'Microbizz Servicedesk <support@microbizz.dk>' });
      const r = await folderTransport(dir).send({ envelope: built.envelope, raw: built.raw, messageId: built.messageId });
      expect(r).toEqual({ accepted: ['soeren@kunde.example', 'kollega@kunde.example'], rejected: [] });
      expect(readdirSync(dir)).toEqual(['reply-42.x@microbizz.dk.eml']);
      expect(readFileSync(join(dir, 'reply-42.x@microbizz.dk.eml')).equals(built.raw)).toBe(true);
    });

    it('without messageId, names the file after the Message-ID header of the raw message', async () => {
      const built = await buildReply(row({ message_id: 'a/b c@microbizz.dk' }), { MAIL_FROM: 'support@microbizz.dk' });
      await folderTransport(dir).send({ envelope: built.envelope, raw: built.raw });
      expect(readdirSync(dir)).toEqual(['a_b_c@microbizz.dk.eml']);
    });

    it('still takes nodemailer options, as other callers send them', async () => {
      const r = await folderTransport(dir).send({
        from: 'support@microbizz.dk',
        to: { name: 'Søren', address: 'soeren@kunde.example' },
        cc: ['kollega@kunde.example'],
        subject: 'Rapport',
        text: 'x',
        messageId: '<report-1@microbizz.dk>',
      });
      expect(r).toEqual({ accepted: ['soeren@kunde.example', 'kollega@kunde.example'], rejected: [] });
      expect(readdirSync(dir)).toEqual(['report-1@microbizz.dk.eml']);
      const file = readFileSync(join(dir, 'report-1@microbizz.dk.eml'), 'latin1');
      expect(file).toContain('Subject: Rapport\r\n');
      expect(file.replace(/\r\n/g, '')).not.toMatch(/\n/);
    });
  });
});
