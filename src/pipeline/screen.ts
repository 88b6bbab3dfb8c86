import { detectAutomatic, type AutomaticVerdict } from './parse/automatic';
import type { ParsedInbound } from './parse/types';
import { isOwnMessageId } from '../domain/message-id';
import { domainOf } from '../domain/addresses';
import type { SenderTrust } from './match/sender-trust';
import { renderReason } from '../i18n/messages';

/**
 * The first look at a parsed mail, before anyone reads it: is it our own mail coming back,
 * automatic mail, mail without a sender, or mail claiming to be from us? Pure.
 */
export type Screened =
  | { kind: 'finish'; state: 'ignored' | 'quarantined'; reason: string; bounce: boolean; suspicious: boolean }
  | { kind: 'human'; parsed: ParsedInbound & { from: { address: string; name: string } }; automatic: AutomaticVerdict };

export interface ScreenOptions {
  /** Our Message-ID domain: a mail carrying one of our Message-IDs is our reply come back. */
  messageIdDomain: string;
  /** Our own addresses (MAIL_FROM, the mailbox), lower case. */
  ownAddresses: string[];
  /** Our own mail domains, lower case. */
  ownDomains: string[];
}

export function screenMail(parsed: ParsedInbound, trust: SenderTrust, opts: ScreenOptions): Screened {
  const finish = (state: 'ignored' | 'quarantined', reason: string, extra: { bounce?: boolean; suspicious?: boolean } = {}): Screened => ({
    kind: 'finish',
    state,
    reason,
    bounce: extra.bounce ?? false,
    suspicious: extra.suspicious ?? false,
  });
  if (isOwnMessageId(parsed.messageId, opts.messageIdDomain)) return finish('ignored', 'our own reply came back (loop)');
  const automatic = detectAutomatic(parsed);
  if (automatic.automatic && !automatic.mayCarryRequest) {
    return finish('ignored', `automatic mail (${automatic.reasons.join('; ')})`, { bounce: automatic.kind === 'bounce' });
  }
  if (!parsed.from?.address) return finish('quarantined', 'no sender address in From');
  const from = parsed.from.address.toLowerCase();
  // Never answer ourselves: that is how mail loops start. Our own address is never a customer,
  // whatever its authentication says; the rest of our domain only with our server's DMARC pass.
  if (opts.ownAddresses.includes(from)) return finish('ignored', `mail from our own address ${from} is never answered`, { suspicious: true });
  if (opts.ownDomains.includes(domainOf(from)) && trust.verdict !== 'verified') {
    return finish('ignored', `mail from our own domain (${from}) without a DMARC pass is never answered (${renderReason(trust.reason, 'en')})`, { suspicious: true });
  }
  return { kind: 'human', parsed: { ...parsed, from: parsed.from }, automatic };
}
