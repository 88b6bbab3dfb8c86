import {
  parseAuthenticationResults,
  readAuthenticationResults,
  readSpamVerdict,
  stripComments,
} from '../../../src/pipeline/parse/auth-results';

const TRUSTED = ['mx1.microbizz.dk'];

describe('readAuthenticationResults (RFC 8601)', () => {
  it('reads spf, dkim and dmarc from our own folded header', () => {
    const headers = {
      'authentication-results': [
        'mx1.microbizz.dk;\r\n spf=pass smtp.mailfrom=kunde.dk;\r\n dkim=pass header.d=kunde.dk;\r\n dmarc=pass header.from=kunde.dk',
      ],
    };
    expect(readAuthenticationResults(headers, TRUSTED)).toEqual({
      dmarc: 'pass',
      dmarcDomain: 'kunde.dk',
      spf: 'pass',
      spfDomain: 'kunde.dk',
      dkim: 'pass',
      dkimPassDomains: ['kunde.dk'],
      authservId: 'mx1.microbizz.dk',
    });
  });

  it('ignores a forged header with a foreign authserv-id and takes the topmost trusted one', () => {
    const headers = {
      'authentication-results': [
        'mx1.microbizz.dk; spf=softfail smtp.mailfrom=microbizz.dk; dkim=none; dmarc=fail (p=reject dis=none) header.from=microbizz.dk',
        'evil.example; dmarc=pass header.from=microbizz.dk',
        'mx1.microbizz.dk; dmarc=pass header.from=microbizz.dk',
      ],
    };
    expect(readAuthenticationResults(headers, TRUSTED)).toEqual({
      dmarc: 'fail',
      dmarcDomain: 'microbizz.dk',
      spf: 'softfail',
      spfDomain: 'microbizz.dk',
      dkim: 'none',
      dkimPassDomains: [],
      authservId: 'mx1.microbizz.dk',
    });
  });

  it('returns unknown when no header is trusted (a sender can write any header)', () => {
    const headers = { 'authentication-results': ['mail.attacker.example; spf=pass; dkim=pass; dmarc=pass'] };
    const nothing = { dmarc: 'unknown', dmarcDomain: null, spf: null, spfDomain: null, dkim: null, dkimPassDomains: [], authservId: null };
    expect(readAuthenticationResults(headers, TRUSTED)).toEqual(nothing);
    expect(readAuthenticationResults({}, TRUSTED)).toEqual(nothing);
  });

  it('handles comments, a version after the authserv-id, case and several dkim results', () => {
    const headers = {
      'authentication-results': [
        '(our MTA) MX1.Microbizz.DK 1; DKIM=fail (bad signature) header.d=a.dk; dkim=pass (good) header.d=b.dk; spf=neutral; dmarc=none',
      ],
    };
    expect(readAuthenticationResults(headers, TRUSTED)).toEqual({
      dmarc: 'none',
      dmarcDomain: null,
      spf: 'neutral',
      spfDomain: null,
      dkim: 'pass',
      dkimPassDomains: ['b.dk'],
      authservId: 'mx1.microbizz.dk',
    });
  });

  it('maps temperror/permerror to unknown and Microsoft bestguesspass to none', () => {
    const r = (v: string) => readAuthenticationResults({ 'authentication-results': [`mx1.microbizz.dk; dmarc=${v}`] }, TRUSTED).dmarc;
    expect(r('temperror')).toBe('unknown');
    expect(r('permerror')).toBe('unknown');
    expect(r('bestguesspass')).toBe('none');
  });

  it('parses "authserv-id; none" as a header without results', () => {
    expect(parseAuthenticationResults('mx1.microbizz.dk; none')).toEqual({ authservId: 'mx1.microbizz.dk', results: [] });
  });

  it('reads the properties of each result (ptype.property=value), quoted or not', () => {
    expect(parseAuthenticationResults('mx1.microbizz.dk; dkim=pass header.d=Kunde.DK header.s="sel 1"; spf=pass smtp.mailfrom=bounce@kunde.dk')).toEqual({
      authservId: 'mx1.microbizz.dk',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'kunde.dk', 'header.s': 'sel 1' } },
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'bounce@kunde.dk' } },
      ],
    });
  });

  it('strips nested comments but keeps quoted strings', () => {
    expect(stripComments('a (b (c) d) "e (f)" g')).toBe('a  "e (f)" g');
  });
});

describe('readSpamVerdict', () => {
  it('reads SpamAssassin X-Spam-Status with score and tests', () => {
    const v = readSpamVerdict({ 'x-spam-status': ['Yes, score=7.4 required=5.0 tests=BAYES_99,URIBL_BLACK autolearn=no'] });
    expect(v).toEqual({ spam: true, score: 7.4, reasons: ['X-Spam-Status: Yes, score=7.4', 'tests: BAYES_99,URIBL_BLACK'] });
  });

  it('reads a negative score on a ham verdict', () => {
    expect(readSpamVerdict({ 'x-spam-status': ['No, score=-1.2 required=5.0'] })).toEqual({ spam: false, score: -1.2, reasons: [] });
  });

  it('honours X-Spam-Flag: YES and X-Spam: Yes', () => {
    expect(readSpamVerdict({ 'x-spam-flag': ['YES'] })).toEqual({ spam: true, score: null, reasons: ['X-Spam-Flag: YES'] });
    expect(readSpamVerdict({ 'x-spam': ['Yes'], 'x-spam-score': ['9.1'] })).toEqual({ spam: true, score: 9.1, reasons: ['X-Spam: Yes'] });
  });

  it('is not spam without verdict headers', () => {
    expect(readSpamVerdict({ 'x-spam-flag': ['NO'] })).toEqual({ spam: false, score: null, reasons: [] });
  });
});
