/**
 * Phase 2, the FLOOR: the least any IMAP-to-parsed-mail pipeline must do on this machine, the
 * yardstick of the throughput target (pipeline / floor ≥ 0.25). The corpus is appended to a
 * side folder (not timed); then one imapflow connection fetches `1:*` with the source and
 * mailparser's simpleParser parses each message, and nothing else runs. The fetch alone is
 * timed once more for context.
 */
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import type { DovecotHandle } from '../../harness/dovecot';
import { progress } from '../lib/context';
import type { BenchMail } from '../lib/corpus';
import { fixed, percentile } from '../lib/stats';
import { MAILBOX_USER } from '../lib/worker-env';

export interface FloorResult {
  /** Appending the corpus to the side folder (untimed for the floor; reported in BENCH_JSON). */
  appendSideFolderS: number;
  mails: number;
  seconds: number;
  /** The median of the rounds. */
  msgsPerS: number;
  rounds: number[];
  fetchOnlyS: number;
  fetchOnlyMsgsPerS: number;
  avgBytes: number;
}

export async function floorPhase(dovecot: DovecotHandle, corpus: BenchMail[]): Promise<FloorResult> {
  progress(`floor: appending ${corpus.length} mails to the side folder "Floor" (untimed)`);
  const ta = performance.now();
  for (const m of corpus) await dovecot.append(MAILBOX_USER, m.raw, 'Floor');
  const appendSideFolderS = (performance.now() - ta) / 1000;
  const client = await dovecot.client(MAILBOX_USER);
  try {
    await client.mailboxOpen('Floor', { readOnly: true });
    // Fetch only (for context), then fetch + parse (the floor).
    let t = performance.now();
    let n = 0;
    let bytes = 0;
    for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
      n++;
      bytes += msg.source?.length ?? 0;
    }
    const fetchOnlyS = (performance.now() - t) / 1000;
    progress(`floor: fetch only ${n} mails in ${fixed(fetchOnlyS, 2)} s; now fetch + simpleParser, 3 rounds`);
    // Three rounds, the median counts: one round disturbed by another process on this shared
    // 2-core machine should not move the floor (and so the ratio) either way.
    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      t = performance.now();
      let parsed = 0;
      for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
        if (!msg.source) continue;
        await simpleParser(msg.source);
        parsed++;
      }
      if (parsed !== corpus.length) throw new Error(`floor: parsed ${parsed} of ${corpus.length} mails`);
      rounds.push(parsed / ((performance.now() - t) / 1000));
    }
    const msgsPerS = percentile(rounds, 50);
    return { appendSideFolderS, mails: corpus.length, seconds: corpus.length / msgsPerS, msgsPerS, rounds, fetchOnlyS, fetchOnlyMsgsPerS: n / fetchOnlyS, avgBytes: bytes / n };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
