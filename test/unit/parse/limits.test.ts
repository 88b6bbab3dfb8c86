import { parseMail } from '../../../src/pipeline/parse/parse-mail';
import { PARSE_LIMITS, CLASSIFY_LIMITS } from '../../../src/pipeline/parse/limits';
import { toClassifierInput } from '../../../src/pipeline/classify/input';
import { tokenize } from '../../../src/domain/text';

const head = (extra = '') => `From: Mette <mette@fjordby-el.dk>\r\nTo: support@microbizz.dk\r\nSubject: Test\r\nMessage-ID: <l1@x.dk>\r\n${extra}`;

describe('parse limits: long input is cut, never refused', () => {
  it('keeps the first bytes of a huge text part and the first characters of the text, with warnings', async () => {
    const body = Buffer.alloc(PARSE_LIMITS.partBytes + 1000, 'a'.charCodeAt(0)).toString('base64').replace(/(.{76})/g, '$1\r\n');
    const p = await parseMail(Buffer.from(`${head('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n')}\r\n${body}`));
    expect(p.text.length).toBe(PARSE_LIMITS.textChars);
    expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/text part longer than/), expect.stringMatching(/text longer than/)]));
  });
  it('reads at most PARSE_LIMITS.headers header lines, each cut at PARSE_LIMITS.headerChars', async () => {
    const many = Array.from({ length: PARSE_LIMITS.headers + 50 }, (_, i) => `X-Filler-${i}: ${i}\r\n`).join('');
    const p = await parseMail(Buffer.from(`${head(`X-Long: ${'y'.repeat(PARSE_LIMITS.headerChars + 10)}\r\n${many}`)}\r\nHej\r\n`));
    expect(p.headers['x-long']![0]!.length).toBeLessThanOrEqual(PARSE_LIMITS.headerChars);
    expect(Object.keys(p.headers).filter((k) => k.startsWith('x-filler')).length).toBeLessThan(PARSE_LIMITS.headers);
    expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/header lines: only the first/), expect.stringMatching(/x-long: header longer than/)]));
  });
  it('shapes deep HTML before converting it', async () => {
    const html = '<b>'.repeat(5000) + 'Appen virker ikke' + '</b>'.repeat(5000);
    const p = await parseMail(Buffer.from(`${head('Content-Type: text/html; charset=utf-8\r\n')}\r\n${html}`));
    expect(p.text).toBe('Appen virker ikke');
    expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/nested deeper than 64 levels/)]));
  });
  it('lists every author: several From addresses and several From headers', async () => {
    const p = await parseMail(Buffer.from('From: A <a@x.dk>, B <b@y.dk>\r\nFrom: C <c@z.dk>\r\nSubject: s\r\n\r\nHej\r\n'));
    expect(p.from?.address).toBe('a@x.dk');
    expect(p.authors.map((a) => a.address)).toEqual(['a@x.dk', 'b@y.dk', 'c@z.dk']);
    expect(p.fromHeaderCount).toBe(2);
  });
});

describe('classifier limits', () => {
  it('a run of letters longer than a word is one placeholder token, whatever its length', () => {
    const t = tokenize(`hej ${'a'.repeat(5_000_000)} dig`);
    expect(t.map((x) => x.norm)).toEqual(['hej', '_long_', 'dig']);
    expect(t[1]!.raw.length).toBeLessThan(30);
  });
  it('the classifier input is bounded', async () => {
    const p = await parseMail(Buffer.from(`${head()}\r\n${'ord '.repeat(50_000)}`));
    const input = toClassifierInput({ ...p, subject: 's'.repeat(10_000) });
    expect(input.newText.length).toBe(CLASSIFY_LIMITS.textChars);
    expect(input.subject.length).toBe(CLASSIFY_LIMITS.subjectChars);
  });
});
