import { registryFactsFor } from '../contacts/registry';
import type { PipelineDeps } from './deps';
import type { SenderMatch } from '../contacts/facts';
import { matchSender } from './match/match-sender';
import { type RegistryFacts } from '../contacts/facts';
import { senderTrust, type SenderTrust } from './match/sender-trust';
import { readAuthenticationResults } from './parse/auth-results';
import type { ParsedInbound } from './parse/types';

/** How far the From of this mail can be believed (our receiving server's verdict, aligned to the From). */
export function trustOf(parsed: Pick<ParsedInbound, 'headers' | 'authors' | 'fromHeaderCount'>, trustedAuthservIds: string[]): SenderTrust {
  const auth = readAuthenticationResults(parsed.headers, trustedAuthservIds);
  return senderTrust(parsed, auth, { configured: trustedAuthservIds.length > 0 });
}

/**
 * Who sent this mail, as the registry sees it on the mail's own date: our receiving server's
 * verdict on the From (sender-trust.ts) decides whether the From can be trusted. The one place
 * the pipeline and the agents' rescue action match a sender. A batch passes the registry facts
 * it read for all its senders at once.
 */
export async function identifySender(
  deps: Pick<PipelineDeps, 'db' | 'config' | 'now'>,
  parsed: ParsedInbound & { from: { address: string } },
  facts?: RegistryFacts,
): Promise<SenderMatch> {
  const trust = trustOf(parsed, deps.config.TRUSTED_AUTHSERV_IDS);
  const day = (parsed.date && !isNaN(parsed.date.getTime()) ? parsed.date : deps.now()).toISOString().slice(0, 10);
  return matchSender(parsed.from.address, facts ?? (await registryFactsFor(deps.db, parsed.from.address)), {
    forged: trust.verdict === 'forged',
    unverified: trust.verdict === 'unverified' ? trust.reason : null,
    day,
  });
}
