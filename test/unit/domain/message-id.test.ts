import { isWellFormedMessageId, wellFormedMessageIds } from '../../../src/domain/message-id';

describe('Message-ID hygiene (RFC 5322 §3.6.4)', () => {
  it('accepts dot-atoms and a no-fold-literal on the right', () => {
    for (const id of ['abc@example.dk', 'CAF=x+y_z/1.2@mail.gmail.com', "a!#$%&'*+-/=?^_`{|}~b@x", 'sd.0f3c@microbizz.dk', 'x@[192.168.0.1]']) {
      expect(isWellFormedMessageId(id)).toBe(true);
    }
  });
  it('refuses quotes, backslashes, spaces, line separators, 8-bit bytes, empty parts and overlong ids', () => {
    for (const id of ['"quoted"@x.dk', 'a\\b@x.dk', 'a b@x.dk', 'a\u2028b@x.dk', 'æøå@x.dk', 'a@b@c', '@x.dk', 'a@', 'a..b@x.dk', '.a@x.dk', 'a@x.dk.', `${'a'.repeat(250)}@x.dk`, '', null, undefined]) {
      expect(isWellFormedMessageId(id as string)).toBe(false);
    }
  });
  it('keeps the well-formed ids in order, once each', () => {
    expect(wellFormedMessageIds(['a@x', 'bad"id@x', 'b@y', 'a@x', 'c@z\u2028'])).toEqual(['a@x', 'b@y']);
  });
});
