/**
 * Public mail providers: domains where anybody can get an address. The one list used by the
 * registry import, sender matching, the workspace's registry pages and `servicedesk eval`.
 *
 * The rule: a sender at one of these domains is never matched to a company by domain alone —
 * a stranger at gmail.com is "unknown", never "a colleague at the customer". Small firms (a
 * bricklayer, a one-man sewer service) do write from gmail.com or hotmail.com, so a company
 * row may list such a domain: it is kept as information (companies.public_domains) and the
 * firm's people are matched only by their exact registered addresses.
 *
 * Maintenance: add a domain when a provider hands out addresses to the public (including the
 * old Danish ISP domains that customers keep for decades); never add a domain that one
 * organisation owns. Lower case, no leading "@" or dot. test/unit/domain/addresses.test.ts
 * checks the shape of every entry and that the domains named in issue #14 are here.
 */
const GROUPS: Record<string, readonly string[]> = {
  // Google
  google: ['gmail.com', 'googlemail.com'],
  // Microsoft (Outlook.com and its older names), per country where Danes use them
  microsoft: [
    'outlook.com', 'outlook.dk', 'outlook.de', 'outlook.se',
    'hotmail.com', 'hotmail.dk', 'hotmail.de', 'hotmail.se', 'hotmail.no', 'hotmail.co.uk',
    'live.com', 'live.dk', 'live.de', 'live.se', 'live.no', 'live.co.uk',
    'msn.com', 'windowslive.com',
  ],
  // Yahoo and AOL
  yahoo: ['yahoo.com', 'yahoo.dk', 'yahoo.de', 'yahoo.se', 'yahoo.no', 'yahoo.co.uk', 'ymail.com', 'rocketmail.com', 'aol.com', 'aim.com'],
  // Apple
  apple: ['icloud.com', 'me.com', 'mac.com'],
  // Danish free mail and ISP mail (TDC, Stofa, Norlys, Telia, Jubii, Ofir …), current and old
  denmark: [
    'mail.dk', 'jubii.dk', 'ofir.dk', 'get2net.dk', 'stofanet.dk', 'tdcadsl.dk', 'mail.tele.dk',
    'post.tele.dk', 'youmail.dk', 'webspeed.dk', 'privat.dk', 'c.dk', 'city.dk', 'email.dk',
    'fibermail.dk', 'sol.dk', 'worldonline.dk', 'tiscali.dk', 'image.dk', 'mobilixnet.dk', 'cybercity.dk',
  ],
  // Other international providers seen in Danish support mail
  other: [
    'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tutanota.com', 'tuta.io',
    'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 't-online.de', 'mail.com', 'email.com',
    'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'fastmail.com', 'hey.com', 'online.no',
  ],
};

export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set(Object.values(GROUPS).flat());

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_DOMAINS.has(domain.trim().toLowerCase().replace(/\.$/, ''));
}

/** A company's domains split into those that identify it and public ones (information only). */
export function partitionDomains(domains: readonly string[]): { matching: string[]; public: string[] } {
  const matching: string[] = [];
  const pub: string[] = [];
  for (const d of domains) (isPublicMailDomain(d) ? pub : matching).push(d);
  return { matching, public: pub };
}

/** The domain of an address, lower case ("" when there is none). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at + 1).toLowerCase();
}
