import { createServer, type Server } from 'node:http';
import type { Logger } from '../shared/logger';
import type { WorkerMetrics } from '../observability/metrics';
import type { MailboxStatus } from '../pipeline/fetch/imap-watcher';

export interface WorkerHealth {
  database: () => Promise<unknown>;
  redis: () => Promise<unknown>;
  /** null when this worker reads no mailbox (no IMAP_HOST, or standing by for the lease). */
  imap: () => MailboxStatus | null;
  /** A sync older than this is unhealthy (a silent IDLE and a stuck poll). */
  maxSyncAgeMs: number;
  /** The mailbox may be unreachable this long (a server restart) before health turns 503. */
  unhealthyAfterMs: number;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * Pure: is the mailbox side healthy, and if not, why (in words an operator can act on).
 * A rejected login is unhealthy at once (it will not mend itself); an unreachable server only
 * after `unhealthyAfterMs`, so a routine restart does not page anyone.
 */
export function mailboxHealth(s: MailboxStatus, now: number, limits: { maxSyncAgeMs: number; unhealthyAfterMs: number }): { ok: boolean; reason: string | null } {
  const downMs = s.downSince ? now - s.downSince.getTime() : 0;
  if (s.problem === 'auth' || s.problem === 'token') return { ok: false, reason: s.lastError };
  if (s.downSince && downMs > limits.unhealthyAfterMs) return { ok: false, reason: `${s.lastError ?? 'mailbox unavailable'} (for ${Math.round(downMs / 1000)} s)` };
  if (s.downSince) return { ok: true, reason: null };
  if (!s.lastSyncAt) return { ok: false, reason: 'no mailbox sync yet' };
  const age = now - s.lastSyncAt.getTime();
  if (age > limits.maxSyncAgeMs) return { ok: false, reason: `last mailbox sync ${Math.round(age / 1000)} s ago` };
  return { ok: true, reason: null };
}

/**
 * The worker's own small HTTP endpoint: /healthz (database, Redis, the mailbox: connection,
 * outage and age of the last successful sync) and /metrics (Prometheus). Loopback by default;
 * a port already taken (a second worker on the host) is logged and skipped, never fatal.
 */
export async function startWorkerHttp(host: string, port: number, health: WorkerHealth, metrics: WorkerMetrics, log: Logger): Promise<Server | null> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        return res.end(await metrics.registry.metrics());
      }
      if (req.url === '/healthz') {
        const check = (fn: () => Promise<unknown>) => within(fn(), 2000).then(() => 'ok', (e: Error) => `error: ${e.message}`);
        const [database, redis] = await Promise.all([check(health.database), check(health.redis)]);
        const imap = health.imap();
        const now = Date.now();
        const mailbox = imap ? mailboxHealth(imap, now, health) : { ok: true, reason: null };
        const ok = database === 'ok' && redis === 'ok' && mailbox.ok;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return res.end(
          JSON.stringify({
            status: ok ? 'ok' : 'unavailable',
            database,
            redis,
            imap: imap
              ? {
                  status: mailbox.ok ? (imap.connected ? 'ok' : 'reconnecting') : 'error',
                  connected: imap.connected,
                  lastSyncAgeSeconds: imap.lastSyncAt ? Math.round((now - imap.lastSyncAt.getTime()) / 1000) : null,
                  downForSeconds: imap.downSince ? Math.round((now - imap.downSince.getTime()) / 1000) : null,
                  problem: imap.problem,
                  reason: mailbox.reason ?? imap.lastError,
                }
              : 'not reading a mailbox',
          }),
        );
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    })().catch((err: Error) => {
      log.warn({ err: err.message }, 'worker http error');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return new Promise((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      log.warn({ err: err.message, port }, 'worker /healthz and /metrics not served (port in use?)');
      resolve(null);
    });
    server.listen(port, host, () => {
      log.info({ host, port }, 'worker /healthz and /metrics listening');
      resolve(server);
    });
  });
}
