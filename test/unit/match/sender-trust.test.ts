import { senderTrust } from '../../../src/pipeline/match/sender-trust';
import { readAuthenticationResults } from '../../../src/pipeline/parse/auth-results';
import { renderReason } from '../../../src/i18n/messages';

const TRUSTED = ['mx1.microbizz.dk'];
const one = (address: string) => ({ authors: [{ address, name: '' }], fromHeaderCount: 1 });
const ar = (value: string) => readAuthenticationResults({ 'authentication-results': [value] }, TRUSTED);
const trust = (mail: ReturnType<typeof one>, header: string | null, configured = true) =>
  senderTrust(mail, header ? ar(header) : readAuthenticationResults({}, TRUSTED), { configured });

describe('senderTrust: the From is believed only when our server vouches for its domain', () => {
  it('verified: DMARC pass for the From address\'s own domain', () => {
    expect(trust(one('mette@fjordby-el.dk'), 'mx1.microbizz.dk; dmarc=pass header.from=fjordby-el.dk').verdict).toBe('verified');
  });
  it('forged: DMARC fail for that domain', () => {
    expect(trust(one('mette@fjordby-el.dk'), 'mx1.microbizz.dk; dmarc=fail header.from=fjordby-el.dk').verdict).toBe('forged');
  });
  it('unverified: a pass that speaks for another domain', () => {
    const t = trust(one('mette@fjordby-el.dk'), 'mx1.microbizz.dk; dmarc=pass header.from=evil.example');
    expect(t).toEqual({ verdict: 'unverified', reason: { code: 'trust.other_domain', params: { result: 'evil.example', domain: 'fjordby-el.dk' } } });
    expect(renderReason(t.reason, 'en')).toBe("the DMARC result is for evil.example, not for the sender's domain fjordby-el.dk");
    expect(renderReason(t.reason, 'da')).toBe('DMARC-resultatet gælder evil.example, ikke afsenderens domæne fjordby-el.dk');
  });
  it('unverified: several From addresses or From headers, whatever the result says', () => {
    const two = { authors: [{ address: 'mette@fjordby-el.dk', name: '' }, { address: 'attacker@evil.example', name: '' }], fromHeaderCount: 1 };
    expect(trust(two, 'mx1.microbizz.dk; dmarc=pass header.from=evil.example').verdict).toBe('unverified');
    expect(trust(two, 'mx1.microbizz.dk; dmarc=pass header.from=fjordby-el.dk').verdict).toBe('unverified');
    expect(renderReason(trust({ ...one('mette@fjordby-el.dk'), fromHeaderCount: 2 }, 'mx1.microbizz.dk; dmarc=pass header.from=fjordby-el.dk').reason, 'en')).toMatch(/2 From headers/);
    // Even with verification off.
    expect(trust(two, null, false).verdict).toBe('unverified');
  });
  it('unverified: no trusted result, or a pass that names no domain', () => {
    expect(trust(one('a@kunde.dk'), null).verdict).toBe('unverified');
    expect(trust(one('a@kunde.dk'), 'evil.example; dmarc=pass header.from=kunde.dk').verdict).toBe('unverified');
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; dmarc=pass').verdict).toBe('unverified');
  });
  it('no DMARC policy: verified by an aligned DKIM signature or SPF pass, not by an unaligned one', () => {
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; dkim=pass header.d=kunde.dk; dmarc=none header.from=kunde.dk').verdict).toBe('verified');
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; dkim=pass header.d=mail.kunde.dk; dmarc=none header.from=kunde.dk').verdict).toBe('verified');
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; spf=pass smtp.mailfrom=bounce@kunde.dk; dmarc=none header.from=kunde.dk').verdict).toBe('verified');
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; dkim=pass header.d=sendgrid.net; spf=pass smtp.mailfrom=x@sendgrid.net; dmarc=none header.from=kunde.dk').verdict).toBe('unverified');
    expect(trust(one('a@kunde.dk'), 'mx1.microbizz.dk; dkim=pass header.d=notkunde.dk; dmarc=none').verdict).toBe('unverified');
  });
  it('unchecked when TRUSTED_AUTHSERV_IDS is not configured (one author)', () => {
    expect(trust(one('a@kunde.dk'), null, false).verdict).toBe('unchecked');
  });
});
