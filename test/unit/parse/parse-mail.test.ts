import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailParseError, parseMail } from '../../../src/pipeline/parse/parse-mail';
import type { ParsedInbound } from '../../../src/pipeline/parse/types';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../../fixtures/parse', name));
const parseFixture = (name: string): Promise<ParsedInbound> => parseMail(fixture(name));

/** Every string anywhere in the result, for the NUL / lone-surrogate invariants. */
function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object' && !(value instanceof Date)) Object.values(value).forEach((v) => allStrings(v, out));
  return out;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('parseMail: charsets', () => {
  it('decodes an ISO-8859-1 quoted-printable Outlook mail with RFC 2047 headers', async () => {
    const m = await parseFixture('da-latin1-qp.eml');
    expect(m.subject).toBe('SV: Ugeplan for Kølerummet i Ørsted');
    expect(m.from).toEqual({ address: 'soeren@aerboe-koel.dk', name: 'Søren Ærbø' });
    expect(m.text).toContain('Når jeg åbner ugeplanen for Kølerummet i Ørsted, står alle opgaverne på én dag.');
    expect(m.warnings).toEqual([]);
  });

  it('falls back to windows-1252 for an 8bit part without charset, and for raw 8-bit headers', async () => {
    const m = await parseFixture('cp1252-no-charset.eml');
    expect(m.text).toBe(
      'Hej\n\nFakturaen på 1.250 € for “Service af varmepumpe” er ikke overført til e-conomic.\nØvrige fakturaer går fint igennem.\n\nVh\nBørge',
    );
    expect(m.subject).toBe('Faktura på 1.250 € ikke overført');
    expect(m.from).toEqual({ address: 'borge@due-vvs.dk', name: 'Børge Due' });
    expect(m.warnings).toEqual([
      'body charset (none): not valid utf-8, decoded as windows-1252',
      'subject: raw 8-bit bytes are not utf-8, decoded as windows-1252',
    ]);
  });

  it('repairs mislabelled parts both ways (utf-8 label on latin-1 bytes, latin-1 label on utf-8 bytes)', async () => {
    const m = await parseFixture('mislabelled-charset.eml');
    expect(m.text).toBe(
      'Kære support\n\nVores GPS-bokse i bil 3 og bil 7 sender ikke positioner.\nDe har været offline siden i morges.\n\nHilsen\nÅse',
    );
    expect(m.html).toContain('<p>Kære support</p>');
    expect(m.html).toContain('Hilsen<br>Åse');
    expect(m.from).toEqual({ address: 'aase@groenvang.dk', name: 'Åse Mølgaard' });
    expect(m.warnings).toEqual([
      'body charset utf-8: not valid utf-8, decoded as windows-1252',
      'body charset iso-8859-1: content is utf-8, decoded as utf-8',
    ]);
  });

  it('decodes a part with an unknown charset and an encoded word with an unknown charset', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: =?x-unknown?Q?J=F8rgen?= <j@x.dk>\r\nSubject: =?x-unknown?Q?Fejl_p=E5_=E6ble?= =?utf-8?B?csO4cg==?=\r\n'),
      Buffer.from('Content-Type: text/plain; charset="x-unknown"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      Buffer.from('Lønnen er væk\r\n', 'latin1'),
    ]);
    const m = await parseMail(raw);
    expect(m.subject).toBe('Fejl på æblerør');
    expect(m.from).toEqual({ address: 'j@x.dk', name: 'Jørgen' });
    expect(m.text).toBe('Lønnen er væk');
    expect(m.warnings).toContain('body charset x-unknown: unknown, decoded as windows-1252');
  });

  it('decodes line by line when utf-8 text quotes an older latin-1 message', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: a@b.dk\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      Buffer.from('Stadig fejl på lønfilen\r\n', 'utf8'),
      Buffer.from('> Prøv igen på mandag\r\n', 'latin1'),
    ]);
    const m = await parseMail(raw);
    expect(m.text).toBe('Stadig fejl på lønfilen\n> Prøv igen på mandag');
    expect(m.newText).toBe('Stadig fejl på lønfilen');
  });
});

describe('parseMail: headers and addresses', () => {
  it('lower-cases addresses, strips Message-ID brackets, splits References and keeps every header', async () => {
    const m = await parseFixture('da-latin1-qp.eml');
    expect(m.messageId).toBe('000a01db3f1c$5e2b9a40$1a82cec0$@aerboe-koel.dk');
    expect(m.inReplyTo).toEqual(['mbz.7a1.48801@microbizz.dk']);
    expect(m.references).toEqual(['mbz.7a0.48801@microbizz.dk', 'mbz.7a1.48801@microbizz.dk']);
    expect(m.to).toEqual([{ address: 'support@microbizz.dk', name: 'Microbizz Support' }]);
    expect(m.cc).toEqual([
      { address: 'pia@aerboe-koel.dk', name: 'Hansen, Pia' },
      { address: 'lager@aerboe-koel.dk', name: '' },
    ]);
    expect(m.date?.toISOString()).toBe('2026-11-26T13:05:00.000Z');
    expect(m.contentType).toBe('text/plain');
    expect(m.headers['x-mailer']).toEqual(['Microsoft Outlook 16.0']);
    expect(m.headers['references']).toEqual(['<mbz.7a0.48801@microbizz.dk> <mbz.7a1.48801@microbizz.dk>']);
    expect(m.headers['subject']).toEqual(['SV: Ugeplan for Kølerummet i Ørsted']);
  });

  it('returns null for a missing Message-ID and an unparseable Date instead of inventing values', async () => {
    const m = await parseFixture('no-message-id.eml');
    expect(m.messageId).toBeNull();
    expect(m.date).toBeNull();
    expect(m.from).toEqual({ address: 'kontor@smed-hansen.dk', name: '' });
    expect(m.warnings).toEqual(['date: unparseable "fredag 27-11-2026 kl. 9"']);
    expect(m.text).toBe('Kan man printe arbejdssedler direkte fra appen til vores printer på værkstedet?');
  });

  it('keeps the From display name when the header has no usable address', async () => {
    const m = await parseMail(Buffer.from('From: "Kontoret"\r\nTo: undisclosed-recipients:;\r\nSubject: x\r\n\r\nhej\r\n'));
    expect(m.from).toEqual({ address: '', name: 'Kontoret' });
    expect(m.to).toEqual([]);
    expect(m.from === null).toBe(false);
  });

  it('has from = null when there is no From header at all', async () => {
    const m = await parseMail(Buffer.from('Subject: uden afsender\r\n\r\nhej\r\n'));
    expect(m.from).toBeNull();
    expect(m.subject).toBe('uden afsender');
  });
});

describe('parseMail: HTML and text', () => {
  it('converts an HTML-only Outlook reply to text without link/image noise and cuts the Fra/Sendt block', async () => {
    const m = await parseFixture('outlook-html-reply.eml');
    expect(m.contentType).toBe('text/html');
    expect(m.html).toContain('<p class="MsoNormal"><b>Fra:</b> Microbizz Support &lt;support@microbizz.dk&gt;<br>');
    expect(m.text).toContain('Det virker stadig ikke. Når Jørgen trykker Afslut opgave, kommer fejlen igen:\nOpgave  51234\nFejlkode  E-417');
    expect(m.text).not.toContain('example.invalid');
    expect(m.text).not.toContain('cid:');
    expect(m.newText).toBe(
      'Hej Kasper\n\nDet virker stadig ikke. Når Jørgen trykker Afslut opgave, kommer fejlen igen:\nOpgave  51234\nFejlkode  E-417\nSe skærmbilledet.',
    );
    expect(m.signature).toBe('Venlig hilsen\nMette Kjær\nKjær Ventilation A/S');
    expect(m.quotedText.split('\n').slice(0, 2)).toEqual(['Fra: Microbizz Support <support@microbizz.dk>', 'Sendt: 26. november 2026 16:40']);
  });

  it('converts HTML inside multipart/related (no text part) and keeps cid links in the HTML', async () => {
    const m = await parseFixture('attachment-rfc2231.eml');
    expect(m.text).toBe('Hej\n\nTilbuddet og lagerlisten er vedhæftet.');
    expect(m.html).toContain('src="cid:logo@madsen-el.dk"');
  });

  it('joins format=flowed lines (RFC 3676) from an Apple Mail reply', async () => {
    const m = await parseFixture('apple-mail-reply.eml');
    expect(m.subject).toBe('Re: [Sag 51201] Start-knap er grå');
    expect(m.newText).toBe('Vi har genstartet appen på alle telefoner, men Start-knappen er stadig grå hos de tre montører.');
    expect(m.signature).toBe('Hilsen\nNiels\n\nSendt fra min iPhone');
  });

  it('includes the RFC 3464 delivery-status fields in the text of a DSN', async () => {
    const m = await parseFixture('dsn-postfix.eml');
    expect(m.contentType).toBe('multipart/report');
    expect(m.from).toEqual({ address: 'mailer-daemon@mail.microbizz.dk', name: 'Mail Delivery System' });
    expect(m.text).toContain('Final-Recipient: rfc822; ole@gammel-firma.dk\nAction: failed\nStatus: 5.1.1');
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([['attachment-1.txt', 'text/rfc822-headers']]);
  });
});

describe('parseMail: attachments', () => {
  it('decodes RFC 2231/2047 names, strips paths and control characters, hashes content and drops it', async () => {
    const m = await parseFixture('attachment-rfc2231.eml');
    expect(m.attachments).toEqual([
      {
        filename: 'attachment-1.png',
        contentType: 'image/png',
        size: 29,
        contentId: 'logo@madsen-el.dk',
        inline: true,
        sha256: '71fde3856a298a052c6edb5155638d8422114e55bf0e28374d90dea8be99ef6c',
      },
      {
        filename: 'Tilbud på æbler.pdf',
        contentType: 'application/pdf',
        size: 86,
        contentId: null,
        inline: false,
        sha256: 'ce37b6e3ab3e3058bb11284a7d5fed5da5403fbffad4014e3d2c065ea70434df',
      },
      {
        filename: 'lagerløs.csv',
        contentType: 'text/csv',
        size: 25,
        contentId: null,
        inline: false,
        sha256: '85bc6bb09add0a59a754e99f2990b3ee31754538f90a8ba6fa4629bf202b5738',
      },
      {
        filename: 'attachment-4.bin',
        contentType: 'application/octet-stream',
        size: 4,
        contentId: null,
        inline: false,
        sha256: '054edec1d0211f624fed0cbca9d4f9400b0e491c43742af2c5b0abebf0c990d8',
      },
    ]);
    expect(Object.keys(m.attachments[0]!)).not.toContain('content');
  });
});

describe('parseMail: hostile and malformed input', () => {
  it('never returns NUL or lone surrogates, wherever they come from', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: "A\0B" <a@b.dk>\r\nSubject: fejl\0rapport =?utf-8?B?AA==?=\r\nX-Test: =?utf-16?B?2AA=?=\r\n'),
      Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n<p>Tekst&#0;med&#xD800;fejl\0her</p>\r\n'),
    ]);
    const m = await parseMail(raw);
    for (const s of allStrings(m)) {
      expect(s).not.toMatch(/\u0000/);
      expect(s).not.toMatch(LONE_SURROGATE);
    }
    expect(m.subject).toBe('fejlrapport');
    expect(m.from).toEqual({ address: 'a@b.dk', name: 'AB' });
  });

  it('parses empty input, header-only input and bare-CR line ends without throwing', async () => {
    const empty = await parseMail(Buffer.alloc(0));
    expect(empty).toMatchObject({ subject: '', text: '', from: null, messageId: null, contentType: 'text/plain' });
    const headerOnly = await parseMail(Buffer.from('Subject: kun hoved\r\nFrom: a@b.dk'));
    expect(headerOnly.subject).toBe('kun hoved');
    const bareCr = await parseMail(Buffer.from('From: a@b.dk\rSubject: mac\r\rHej fra 1999\r'));
    expect(bareCr.subject).toBe('mac');
    expect(bareCr.text).toBe('Hej fra 1999');
    expect(bareCr.warnings).toContain('bare CR line ends converted to CRLF');
  });

  it('throws MailParseError (code MAIL_PARSE_FAILED) when mailparser gives up, never a raw error', async () => {
    const hugeHeader = Buffer.concat([Buffer.from('X-Big: '), Buffer.alloc(3 * 1024 * 1024, 0x61), Buffer.from('\r\n\r\nbody')]);
    await expect(parseMail(hugeHeader)).rejects.toBeInstanceOf(MailParseError);
    await expect(parseMail(hugeHeader)).rejects.toMatchObject({ code: 'MAIL_PARSE_FAILED', name: 'MailParseError' });
    await expect(parseMail('From: x' as unknown as Buffer)).rejects.toMatchObject({ code: 'MAIL_PARSE_FAILED' });
  });
});
