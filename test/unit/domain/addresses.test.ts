import { partitionDomains } from '../../../src/domain/addresses';
import { isPublicMailDomain, PUBLIC_MAIL_DOMAINS } from '../../../src/domain/addresses';

describe('the maintained list of public mail domains', () => {
  it('holds every provider named in issue #14', () => {
    const named = ['gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.dk', 'outlook.com', 'outlook.dk', 'live.dk', 'msn.com', 'yahoo.com', 'yahoo.dk', 'icloud.com', 'me.com', 'mail.dk', 'jubii.dk', 'ofir.dk', 'get2net.dk'];
    expect(named.filter((d) => !PUBLIC_MAIL_DOMAINS.has(d))).toEqual([]);
  });

  it('every entry is a lower-case domain with at least one dot, no leading @ or dot', () => {
    const bad = [...PUBLIC_MAIL_DOMAINS].filter((d) => !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(d));
    expect(bad).toEqual([]);
  });

  it('is case-insensitive and ignores a trailing dot; a company domain is not public', () => {
    expect(isPublicMailDomain('GMail.COM')).toBe(true);
    expect(isPublicMailDomain('hotmail.dk.')).toBe(true);
    expect(isPublicMailDomain('murer-hansen.dk')).toBe(false);
    // A subdomain of a provider is not the provider (and never appears in a From anyway).
    expect(isPublicMailDomain('mail.gmail.com.evil.dk')).toBe(false);
  });

  it('splits a company row into identifying and public domains, keeping the order', () => {
    expect(partitionDomains(['kloak-service.dk', 'gmail.com', 'kloak.dk', 'hotmail.dk'])).toEqual({ matching: ['kloak-service.dk', 'kloak.dk'], public: ['gmail.com', 'hotmail.dk'] });
    expect(partitionDomains([])).toEqual({ matching: [], public: [] });
  });
});
