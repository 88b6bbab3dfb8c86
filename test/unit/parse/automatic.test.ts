import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectAutomatic, type AutomaticInput, type AutomaticKind } from '../../../src/pipeline/parse/automatic';
import { parseMail } from '../../../src/pipeline/parse/parse-mail';

const parseFixture = async (name: string) => parseMail(readFileSync(join(__dirname, '../../fixtures/parse', name)));

/** A plain human mail; tests add the headers under test. */
function mail(headers: Record<string, string[]> = {}, extra: Partial<AutomaticInput> = {}): AutomaticInput {
  return {
    headers: { from: ['Anna <anna@kunde.dk>'], subject: [extra.subject ?? 'Hjælp'], ...headers },
    contentType: 'text/plain',
    from: { address: 'anna@kunde.dk', name: 'Anna' },
    subject: 'Hjælp',
    ...extra,
  };
}

describe('detectAutomatic on parsed fixtures', () => {
  it('judges an Exchange out-of-office as auto-reply', async () => {
    expect(detectAutomatic(await parseFixture('ooo-exchange.eml'))).toEqual({
      mayCarryRequest: false,
      automatic: true,
      kind: 'auto-reply',
      reasons: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All', 'X-MS-Exchange-Inbox-Rules-Loop', 'auto-reply subject'],
    });
  });

  it('judges a Postfix DSN as bounce', async () => {
    const v = detectAutomatic(await parseFixture('dsn-postfix.eml'));
    expect(v.automatic).toBe(true);
    expect(v.kind).toBe('bounce');
    expect(v.reasons).toEqual(
      expect.arrayContaining(['multipart/report (delivery-status)', 'From: mailer-daemon', 'Return-Path: <>', 'Auto-Submitted: auto-replied']),
    );
  });

  it('judges a newsletter as bulk', async () => {
    expect(detectAutomatic(await parseFixture('newsletter.eml'))).toEqual({
      mayCarryRequest: false,
      automatic: true,
      kind: 'bulk',
      reasons: ['Precedence: bulk', 'List-Id', 'List-Unsubscribe', 'feedback-id'],
    });
  });

  it.each(['da-latin1-qp.eml', 'gmail-da-reply.eml', 'apple-mail-reply.eml', 'outlook-html-reply.eml', 'forward-only.eml', 'no-message-id.eml'])(
    'leaves the human mail %s alone',
    async (name) => {
      expect(detectAutomatic(await parseFixture(name))).toEqual({ automatic: false, kind: null, reasons: [], mayCarryRequest: false });
    },
  );
});

describe('detectAutomatic signals', () => {
  it('ignores Auto-Submitted: no (RFC 3834 §5)', () => {
    expect(detectAutomatic(mail({ 'auto-submitted': ['no'] })).automatic).toBe(false);
  });

  it('maps auto-generated to bulk, or to auto-reply when it answers a message', () => {
    expect(detectAutomatic(mail({ 'auto-submitted': ['auto-generated'] })).kind).toBe('bulk');
    expect(detectAutomatic(mail({ 'auto-submitted': ['auto-generated (ticket system)'], 'in-reply-to': ['<a@b>'] })).kind).toBe('auto-reply');
  });

  const alone: [Record<string, string[]>, AutomaticKind][] = [
    [{ precedence: ['bulk'] }, 'bulk'],
    [{ precedence: ['junk'] }, 'bulk'],
    [{ precedence: ['auto_reply'] }, 'auto-reply'],
    [{ 'x-autoreply': ['yes'] }, 'auto-reply'],
    [{ 'x-autorespond': ['Ferie'] }, 'auto-reply'],
    [{ 'list-unsubscribe': ['<mailto:u@x>'] }, 'bulk'],
    [{ 'x-campaign': ['123'] }, 'bulk'],
    [{ 'x-servicedesk-reply': ['1'] }, 'auto-reply'],
    [{ 'x-loop': ['support@microbizz.dk'] }, 'auto-reply'],
    [{ 'return-path': ['<>'] }, 'auto-reply'],
  ];
  it.each(alone)('%j alone makes the mail automatic (%s)', (headers, kind) => {
    const v = detectAutomatic(mail(headers));
    expect(v.automatic).toBe(true);
    expect(v.kind).toBe(kind);
  });

  it('treats no-reply and mailer-daemon senders as automatic', () => {
    expect(detectAutomatic(mail({}, { from: { address: 'noreply@leverandor.dk', name: '' } }))).toMatchObject({ automatic: true, kind: 'bulk' });
    expect(detectAutomatic(mail({}, { from: { address: 'do-not-reply@x.dk', name: '' } }))).toMatchObject({ automatic: true, kind: 'bulk' });
    expect(detectAutomatic(mail({}, { from: { address: 'postmaster@x.dk', name: '' } }))).toMatchObject({ automatic: true, kind: 'bounce', mayCarryRequest: false });
  });

  it('marks verdicts that rest only on markers web forms also carry, so their content is still read', () => {
    expect(detectAutomatic(mail({}, { from: { address: 'noreply@webform.dk', name: '' } })).mayCarryRequest).toBe(true);
    expect(detectAutomatic(mail({ 'auto-submitted': ['auto-generated'] })).mayCarryRequest).toBe(true);
    expect(detectAutomatic(mail({ precedence: ['bulk'] })).mayCarryRequest).toBe(true);
    // …but not list mail, auto-replies or bounces.
    const list = mail({ 'list-unsubscribe': ['<mailto:u@x>'] }, { from: { address: 'noreply@webform.dk', name: '' } });
    expect(detectAutomatic(list).mayCarryRequest).toBe(false);
    expect(detectAutomatic(mail({ 'auto-submitted': ['auto-replied'] })).mayCarryRequest).toBe(false);
    expect(detectAutomatic(mail({ 'auto-submitted': ['auto-generated'], 'in-reply-to': ['<a@b>'] })).mayCarryRequest).toBe(false);
  });

  it('knows calendar objects by their content type', () => {
    expect(detectAutomatic(mail({}, { contentType: 'text/calendar' }))).toMatchObject({ automatic: true, kind: 'calendar' });
    expect(detectAutomatic(mail({ 'content-class': ['urn:content-classes:calendarmessage'] }))).toMatchObject({ automatic: true, kind: 'calendar' });
  });

  it('tells an MDN (read receipt) from a DSN by report-type', () => {
    const mdn = mail({ 'content-type': ['multipart/report; report-type=disposition-notification; boundary=x'] }, { contentType: 'multipart/report' });
    expect(detectAutomatic(mdn)).toMatchObject({ automatic: true, kind: 'auto-reply' });
  });

  it('needs a header signal besides an auto-reply subject', () => {
    const subjectOnly = mail({}, { subject: 'Automatisk svar: Fejl i lønfil' });
    expect(detectAutomatic(subjectOnly)).toEqual({ automatic: false, kind: null, reasons: ['auto-reply subject'], mayCarryRequest: false });
    const withWeak = mail({ 'x-auto-response-suppress': ['OOF, AutoReply'] }, { subject: 'Fraværende: Fejl i lønfil' });
    expect(detectAutomatic(withWeak)).toMatchObject({ automatic: true, kind: 'auto-reply' });
    expect(detectAutomatic(mail({ 'x-auto-response-suppress': ['All'] })).automatic).toBe(false);
  });

  it('does not treat a human reply to an out-of-office as automatic', () => {
    expect(detectAutomatic(mail({}, { subject: 'SV: Out of Office: Planlægning' })).automatic).toBe(false);
  });

  it('recognises calendar responses; "Afvist:" only with a calendar part', () => {
    expect(detectAutomatic(mail({}, { subject: 'Accepteret: Hypercare-statusmøde' }))).toMatchObject({ automatic: true, kind: 'calendar' });
    expect(detectAutomatic(mail({}, { subject: 'Afvist: faktura 1234 fra e-conomic' })).automatic).toBe(false);
    const declined = mail({}, { subject: 'Declined: Onboarding', attachments: [{ contentType: 'text/calendar' }] });
    expect(detectAutomatic(declined)).toMatchObject({ automatic: true, kind: 'calendar' });
  });

  it('lets a bounce win over the auto-reply signals that come with it', () => {
    const v = detectAutomatic(
      mail({ 'auto-submitted': ['auto-replied'], 'return-path': ['<>'] }, { from: { address: 'mailer-daemon@mx.x.dk', name: '' } }),
    );
    expect(v.kind).toBe('bounce');
  });

  it('never looks at the body', () => {
    const human = { ...mail(), text: 'Jeg er på ferie. Out of office. Automatisk svar. noreply' } as AutomaticInput;
    expect(detectAutomatic(human).automatic).toBe(false);
  });
});
