import { classifyCharset, decodeBytes } from '../../../src/pipeline/parse/charset';
import { decodeEncodedWords, extractMessageIds, parseDate } from '../../../src/pipeline/parse/headers';
import { htmlToPlainText } from '../../../src/pipeline/parse/html-text';
import { safeFilename, sanitizeLine, sanitizeText } from '../../../src/pipeline/parse/sanitize';

describe('sanitizeText', () => {
  it('removes NUL and control characters, normalises line ends, repairs lone surrogates', () => {
    expect(sanitizeText('a\u0000b\r\nc\rd\u0007e\u0085f')).toBe('ab\nc\nde' + 'f');
    expect(sanitizeText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(sanitizeText('😀 æøå\ttab')).toBe('😀 æøå\ttab');
    expect(sanitizeText(null)).toBe('');
  });

  it('sanitizeLine also folds line breaks into spaces', () => {
    expect(sanitizeLine(' Fejl\r\n i\tappen \u0000')).toBe('Fejl i appen');
  });
});

describe('safeFilename', () => {
  it('strips Windows and Unix path parts, control and reserved characters', () => {
    expect(safeFilename('C:\\Users\\anna\\Desktop\\Løn okt.pdf', 'application/pdf', 1)).toBe('Løn okt.pdf');
    expect(safeFilename('../../etc/passwd', 'text/plain', 1)).toBe('passwd');
    expect(safeFilename('a\u0007b<c>:"|?*.txt', 'text/plain', 1)).toBe('abc.txt');
    expect(safeFilename('..', 'text/plain', 2)).toBe('attachment-2.txt');
  });

  it('generates attachment-N.ext from the MIME type when there is no name', () => {
    expect(safeFilename(undefined, 'image/jpeg', 3)).toBe('attachment-3.jpg');
    expect(safeFilename('', 'message/rfc822', 1)).toBe('attachment-1.eml');
    expect(safeFilename('   ', 'application/x-unknown', 5)).toBe('attachment-5.bin');
  });

  it('caps the length at 180 UTF-8 bytes and keeps the extension', () => {
    const name = safeFilename(`${'æ'.repeat(200)}.xlsx`, 'application/octet-stream', 1);
    expect(name.endsWith('.xlsx')).toBe(true);
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(180);
    expect(name.startsWith('ææ')).toBe(true);
  });
});

describe('charset decisions', () => {
  it('classifies labels', () => {
    expect(classifyCharset(undefined).kind).toBe('utf8');
    expect(classifyCharset('"US-ASCII"').kind).toBe('utf8');
    expect(classifyCharset('ISO-8859-1')).toEqual({ kind: 'western', label: 'iso-8859-1', codec: 'windows-1252' });
    expect(classifyCharset('iso-8859-15').codec).toBe('iso-8859-15');
    expect(classifyCharset('koi8-r').kind).toBe('delegate');
    expect(classifyCharset('x-mac-cyrillic')).toEqual({ kind: 'variant', label: 'x-mac-cyrillic', codec: 'mac-cyrillic' });
    expect(classifyCharset('x-unknown').kind).toBe('unknown');
  });

  it('reads 0x80–0x9F in an iso-8859-1 part as windows-1252 (WHATWG Encoding Standard)', () => {
    expect(decodeBytes(Buffer.from([0x80, 0x20, 0x93, 0x61, 0x94]), classifyCharset('iso-8859-1')).text).toBe('€ “a”');
  });

  it('keeps a single stray byte in a UTF-8 line instead of turning the line into mojibake', () => {
    const buf = Buffer.concat([Buffer.from('Привет мир ', 'utf8'), Buffer.from([0xff])]);
    expect(decodeBytes(buf, classifyCharset('utf-8')).text).toBe('Привет мир \uFFFD');
  });

  it('decodes ISO-2022-JP (RFC 1468) encoded words', () => {
    expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=')).toBe('テスト');
  });
});

describe('RFC 2047 encoded words', () => {
  it('drops white space between adjacent encoded words and joins split multi-byte characters', () => {
    expect(decodeEncodedWords('=?utf-8?Q?K=C3?= =?utf-8?Q?=B8lerum?= i =?iso-8859-1?Q?=C5rhus?=')).toBe('Kølerum i Århus');
  });

  it('accepts the RFC 2231 language suffix and underscores as spaces', () => {
    expect(decodeEncodedWords('=?utf-8*da?Q?Fejl_i_l=C3=B8nfil?=')).toBe('Fejl i lønfil');
  });

  it('leaves text without encoded words untouched', () => {
    expect(decodeEncodedWords('Re: =? not encoded')).toBe('Re: =? not encoded');
  });
});

describe('Message-IDs and dates', () => {
  it('extracts ids without brackets, in order, without duplicates', () => {
    expect(extractMessageIds('<a@x> <b@x>\t<a@x>')).toEqual(['a@x', 'b@x']);
    expect(extractMessageIds('<a@x> (Annas mail af 26. nov)')).toEqual(['a@x']);
    expect(extractMessageIds('bare-id@host.dk')).toEqual(['bare-id@host.dk']);
    expect(extractMessageIds('')).toEqual([]);
  });

  it('parses RFC 5322 dates with comments and rejects garbage', () => {
    const warnings: string[] = [];
    expect(parseDate('Thu, 26 Nov 2026 14:05:00 +0100 (CET)', warnings)?.toISOString()).toBe('2026-11-26T13:05:00.000Z');
    expect(parseDate('Thu, 26 Nov 2026 14.05.00 +0100', warnings)?.toISOString()).toBe('2026-11-26T13:05:00.000Z');
    expect(parseDate('i går', warnings)).toBeNull();
    expect(warnings).toEqual(['date: unparseable "i går"']);
  });
});

describe('htmlToPlainText', () => {
  it('turns <br> and <p> into line breaks, tables into text, and drops links, images and styles', () => {
    const html =
      '<html><head><style>p{color:red}</style><title>x</title></head><body><p>Hej<br>med dig</p><p>Linje 2</p>' +
      '<table><tr><th>Ordre</th><th>Status</th></tr><tr><td>4711</td><td>Fejl</td></tr></table>' +
      '<p><a href="https://tracking.example/x">Læs mere</a> <img src="cid:logo" alt="LOGO"></p><h2>Overskrift</h2></body></html>';
    expect(htmlToPlainText(html)).toEqual({ text: 'Hej\nmed dig\n\nLinje 2\n\nOrdre  Status\n4711  Fejl\n\nLæs mere\n\nOverskrift', warning: null });
  });

  it('prefixes blockquotes with "> " so quoted history stays recognisable', () => {
    expect(htmlToPlainText('<div>Ny tekst</div><blockquote>Gammel tekst</blockquote>').text).toBe('Ny tekst\n\n> Gammel tekst');
  });
});
