import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's Prometheus metrics (prom-client: the standard exposition format, histograms
 * and process metrics without hand-written text formatting). One registry per worker, so
 * tests and two workers in one process never share counters.
 */
export interface WorkerMetrics {
  registry: Registry;
  mailsIngested: Counter;
  mailsFinished: Counter<'state'>;
  replies: Counter<'result'>;
  processingSeconds: Histogram;
  queueDepth: Gauge<'queue' | 'state'>;
  imapConnected: Gauge;
  imapReconnects: Counter;
  lastSyncAgeSeconds: Gauge;
}

export function createWorkerMetrics(probes: {
  queueCounts: () => Promise<Record<string, Record<string, number>>>;
  imapConnected: () => boolean | null;
  lastSyncAt: () => Date | null;
}): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'servicedesk_' });
  const m: WorkerMetrics = {
    registry,
    mailsIngested: new Counter({ name: 'servicedesk_mails_ingested_total', help: 'Mails stored from the mailbox (new identities only)', registers: [registry] }),
    mailsFinished: new Counter({ name: 'servicedesk_mails_finished_total', help: 'Mails whose processing ended, by end state', labelNames: ['state'], registers: [registry] }),
    replies: new Counter({ name: 'servicedesk_replies_total', help: 'Replies by result (sent, failed, suppressed)', labelNames: ['result'], registers: [registry] }),
    processingSeconds: new Histogram({
      name: 'servicedesk_processing_seconds',
      help: 'Time to process one stored mail (parse to outbox)',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'servicedesk_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        const counts = await probes.queueCounts().catch(() => ({}) as Record<string, Record<string, number>>);
        for (const [queue, states] of Object.entries(counts)) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      },
    }),
    imapConnected: new Gauge({
      name: 'servicedesk_imap_connected',
      help: '1 when this worker holds the mailbox and its IMAP connection is usable; 0 otherwise',
      registers: [registry],
      collect() {
        this.set(probes.imapConnected() ? 1 : 0);
      },
    }),
    imapReconnects: new Counter({
      name: 'servicedesk_imap_reconnect_attempts_total',
      help: 'Reconnects to the mailbox scheduled after a failed or lost IMAP connection',
      registers: [registry],
    }),
    lastSyncAgeSeconds: new Gauge({
      name: 'servicedesk_mailbox_last_sync_age_seconds',
      help: 'Seconds since the last successful mailbox sync by this worker (-1: none yet)',
      registers: [registry],
      collect() {
        const at = probes.lastSyncAt();
        this.set(at ? (Date.now() - at.getTime()) / 1000 : -1);
      },
    }),
  };
  return m;
}
