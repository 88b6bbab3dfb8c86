import { simpleParser, type AddressObject } from 'mailparser';
import nodemailer from 'nodemailer';
import { buildReply, replyMessage, type ReplyRow } from '../../../src/mail/compose';

const config = { MAIL_FROM: 'Microbizz Servicedesk <support@microbizz.dk>' };

const row = (over: Partial<ReplyRow> = {}): ReplyRow => ({
  kind: 'support',
  to_address: 'soeren@kunde.example',
  to_name: 'Søren Ærø Ålund',
  cc: ['kollega@kunde.example', 'chef@kunde.example'],
  subject: '[MB-000123] Vi har modtaget dit spørgsmål: Hvordan flytter jeg en opgave til en anden… (æøå ÆØÅ)',
  body_text: 'Hej Søren,\n\nTak for dit spørgsmål om blåbærgrød på Ærø. Vi vender tilbage hurtigst muligt.\n\nVenlig hilsen\nServicedesk',
  body_html: '<p>Hej Søren,</p><p>Tak for dit spørgsmål om <b>blåbærgrød</b> på Ærø.</p>',
  message_id: 'reply-123.abc@microbizz.dk',
  in_reply_to: 'orig-1@kunde.example',
  references: ['first@kunde.example', 'orig-1@kunde.example'],
  ...over,
});

const addresses = (a: AddressObject | AddressObject[] | undefined) => [a ?? []].flat().flatMap((o) => o.value.map((v) => ({ name: v.name, address: v.address })));

/** The header block of a raw message, unfolded, as [lower-case name, value] pairs in order. */
function headerBlock(raw: Buffer): [string, string][] {
  const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  return head.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
}

describe('replyMessage', () => {
  it('maps the outbox row to the nodemailer options of the reply', () => {
    expect(replyMessage(row(), config)).toEqual({
      from: config.MAIL_FROM,
      to: { name: 'Søren Ærø Ålund', address: 'soeren@kunde.example' },
      cc: ['kollega@kunde.example', 'chef@kunde.example'],
      subject: row().subject,
      text: row().body_text,
      html: row().body_html,
      messageId: '<reply-123.abc@microbizz.dk>',
      inReplyTo: '<orig-1@kunde.example>',
      references: ['<first@kunde.example>', '<orig-1@kunde.example>'],
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Servicedesk-Reply': 'support' },
    });
  });

  it('leaves out what the row does not have; an agent reply is Auto-Submitted: no', () => {
    const m = replyMessage(row({ kind: 'agent', to_name: null, cc: [], body_html: null, in_reply_to: null, references: [] }), config);
    expect(m.to).toBe('soeren@kunde.example');
    expect(m.cc).toBeUndefined();
    expect(m.html).toBeUndefined();
    expect(m.inReplyTo).toBeUndefined();
    expect(m.references).toBeUndefined();
    expect(m.headers).toEqual({ 'Auto-Submitted': 'no', 'X-Auto-Response-Suppress': 'All', 'X-Servicedesk-Reply': 'agent' });
  });
});

describe('buildReply', () => {
  it('builds one CRLF message with every reply header, and the envelope nodemailer would use', async () => {
    const date = new Date('2026-03-02T09:30:00Z');
    const built = await buildReply(row(), config, { date });
    expect(built.envelope).toEqual({ from: 'support@microbizz.dk', to: ['soeren@kunde.example', 'kollega@kunde.example', 'chef@kunde.example'] });
    expect(built.messageId).toBe('<reply-123.abc@microbizz.dk>');
    expect(Buffer.isBuffer(built.raw)).toBe(true);
    // CRLF throughout, and the header block is plain ASCII (non-ASCII is MIME-encoded).
    expect(built.raw.toString('latin1').replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const head = headerBlock(built.raw);
    expect(head.map(([k]) => k).sort()).toEqual(
      [
        'auto-submitted',
        'x-auto-response-suppress',
        'x-servicedesk-reply',
        'from',
        'to',
        'cc',
        'in-reply-to',
        'references',
        'subject',
        'message-id',
        'date',
        'mime-version',
        'content-type',
      ].sort(),
    );
    expect(head.map(([, v]) => v).join('')).toMatch(/^[\x20-\x7e]*$/);

    const mail = await simpleParser(built.raw);
    expect(mail.from?.value).toEqual([{ name: 'Microbizz Servicedesk', address: 'support@microbizz.dk' }]);
    expect(addresses(mail.to)).toEqual([{ name: 'Søren Ærø Ålund', address: 'soeren@kunde.example' }]);
    expect(addresses(mail.cc)).toEqual([
      { name: '', address: 'kollega@kunde.example' },
      { name: '', address: 'chef@kunde.example' },
    ]);
    expect(mail.subject).toBe(row().subject);
    expect(mail.messageId).toBe('<reply-123.abc@microbizz.dk>');
    expect(mail.inReplyTo).toBe('<orig-1@kunde.example>');
    expect(mail.references).toEqual(['<first@kunde.example>', '<orig-1@kunde.example>']);
    expect(mail.date?.toISOString()).toBe(date.toISOString());
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.headers.get('x-servicedesk-reply')).toBe('support');
    expect((mail.headers.get('content-type') as { value: string }).value).toBe('multipart/alternative');
    expect(mail.text?.trimEnd()).toBe(row().body_text);
    expect(mail.html).toContain('<p>Hej Søren,</p><p>Tak for dit spørgsmål om <b>blåbærgrød</b> på Ærø.</p>');
  });

  it('an agent reply without html, cc or thread: text only, Auto-Submitted: no', async () => {
    const built = await buildReply(row({ kind: 'agent', to_name: null, cc: [], body_html: null, in_reply_to: null, references: [] }), config);
    expect(built.envelope).toEqual({ from: 'support@microbizz.dk', to: ['soeren@kunde.example'] });
    const mail = await simpleParser(built.raw);
    expect(addresses(mail.to)).toEqual([{ name: '', address: 'soeren@kunde.example' }]);
    expect(mail.cc).toBeUndefined();
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(mail.headers.get('auto-submitted')).toBe('no');
    expect(mail.headers.get('x-servicedesk-reply')).toBe('agent');
    expect(mail.html).toBe(false);
    expect(mail.text?.trimEnd()).toBe(row().body_text);
    expect(mail.date).toBeInstanceOf(Date);
  });

  it('is byte for byte what nodemailer builds from the same options (but for the boundary)', async () => {
    const date = new Date('2026-03-02T09:30:00Z');
    // The old path: nodemailer builds the message from the options, with the CRLF line ends
    // that its SMTP DATA stream puts on the wire.
    const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    for (const r of [row(), row({ kind: 'agent', to_name: null, cc: [], body_html: null, in_reply_to: null, references: [] })]) {
      const info = await builder.sendMail({ ...replyMessage(r, config), date });
      const built = await buildReply(r, config, { date });
      const boundaries = (s: string) => s.replace(/--_NmP-[0-9a-f]+-Part_/g, '--_NmP-x-Part_');
      expect(boundaries(built.raw.toString('latin1'))).toBe(boundaries((info.message as Buffer).toString('latin1')));
      expect(built.envelope).toEqual(info.envelope);
    }
    builder.close();
  });

  it('MAIL FROM is the address of a bare MAIL_FROM too', async () => {
    const built = await buildReply(row(), { MAIL_FROM: 'support@microbizz.dk' });
    expect(built.envelope.from).toBe('support@microbizz.dk');
  });
});
