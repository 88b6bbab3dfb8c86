import { computeIdentity, headerEnd, normaliseMessageId } from '../../../src/pipeline/ingest/identity';

const mail = (headers: string, body = 'Hej\r\n') => Buffer.from(`${headers}\r\n\r\n${body}`, 'latin1');

describe('mail identity', () => {
  const a = mail('Received: from a\r\nFrom: anna@kragh-el.dk\r\nSubject: Faktura\r\nMessage-ID: <abc@kragh-el.dk>');
  it('reads the Message-ID without brackets', () => {
    expect(computeIdentity(a)).toMatchObject({ messageId: 'abc@kragh-el.dk', synthetic: false });
  });
  it('a second delivery (other Received lines) is the same mail', () => {
    const b = mail('Received: from b\r\nDelivered-To: x\r\nFrom: anna@kragh-el.dk\r\nSubject: Faktura\r\nMessage-ID: <abc@kragh-el.dk>');
    expect(computeIdentity(b)).toEqual(computeIdentity(a));
  });
  it('a reused Message-ID with other content is a different mail', () => {
    const c = mail('From: anna@kragh-el.dk\r\nSubject: Faktura\r\nMessage-ID: <abc@kragh-el.dk>', 'Noget andet\r\n');
    expect(computeIdentity(c).messageId).toBe('abc@kragh-el.dk');
    expect(computeIdentity(c).contentHash).not.toBe(computeIdentity(a).contentHash);
  });
  it('a mail without Message-ID gets a stable synthetic one', () => {
    const d = mail('From: x@y.dk\r\nSubject: hej');
    const id = computeIdentity(d);
    expect(id.synthetic).toBe(true);
    expect(id.messageId).toMatch(/^[0-9a-f]{32}@synthetic\.servicedesk\.invalid$/);
    expect(computeIdentity(Buffer.from(d)).messageId).toBe(id.messageId);
  });
  it('finds the header end with CRLF, LF, or none', () => {
    expect(headerEnd(Buffer.from('A: b\r\n\r\nbody'))).toBe(8);
    expect(headerEnd(Buffer.from('A: b\n\nbody'))).toBe(6);
    expect(headerEnd(Buffer.from('A: b'))).toBe(4);
  });
  it('normalises odd Message-ID headers', () => {
    expect(normaliseMessageId(' <x@y> (comment)')).toBe('x@y');
    expect(normaliseMessageId('x@y')).toBe('x@y');
    expect(normaliseMessageId('')).toBeNull();
    expect(normaliseMessageId('<>')).toBeNull();
  });
});
