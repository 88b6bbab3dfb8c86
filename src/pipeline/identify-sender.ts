import { registryFactsFor } from '../contacts/registry';
import type { PipelineDeps } from './deps';
import { matchSender, type RegistryFacts, type SenderMatch } from './match/match-sender';
import { readAuthenticationResults } from './parse/auth-results';
import type { ParsedInbound } from './parse/types';

/**
 * Who sent this mail, as the registry sees it on the mail's own date: our receiving server's
 * DMARC verdict decides whether the From can be trusted. The one place the pipeline and the
 * agents' rescue action match a sender. A batch passes the registry facts it read for all
 * its senders at once.
 */
export async function identifySender(
  deps: Pick<PipelineDeps, 'db' | 'config' | 'now'>,
  parsed: ParsedInbound & { from: { address: string } },
  facts?: RegistryFacts,
): Promise<SenderMatch> {
  const auth = readAuthenticationResults(parsed.headers, deps.config.TRUSTED_AUTHSERV_IDS);
  const day = (parsed.date && !isNaN(parsed.date.getTime()) ? parsed.date : deps.now()).toISOString().slice(0, 10);
  return matchSender(parsed.from.address, facts ?? (await registryFactsFor(deps.db, parsed.from.address)), { forged: auth.dmarc === 'fail', day });
}
