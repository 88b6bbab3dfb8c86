/**
 * Free mail providers. A sender at one of these is never matched to a company by domain
 * alone: anybody can have a gmail.com address. (A support contact registered with such an
 * address still matches by the exact address.)
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.dk', 'outlook.com', 'outlook.dk',
  'live.com', 'live.dk', 'msn.com', 'yahoo.com', 'yahoo.dk', 'ymail.com', 'icloud.com',
  'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com',
  'gmx.net', 'gmx.de', 'mail.com', 'zoho.com', 'yandex.com', 'mail.dk', 'jubii.dk',
  'ofir.dk', 'get2net.dk', 'stofanet.dk', 'tdcadsl.dk', 'mail.tele.dk', 'post.tele.dk',
  'youmail.dk', 'webspeed.dk', 'privat.dk', 'c.dk', 'city.dk', 'email.dk', 'fibermail.dk',
]);

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_DOMAINS.has(domain.toLowerCase());
}
