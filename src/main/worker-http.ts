import { createServer, type Server } from 'node:http';
import type { Logger } from '../shared/logger';
import type { WorkerMetrics } from '../observability/metrics';

export interface WorkerHealth {
  database: () => Promise<unknown>;
  redis: () => Promise<unknown>;
  /** null when this worker reads no mailbox (no IMAP_HOST, or standing by for the lease). */
  imap: () => { connected: boolean; lastSyncAt: Date | null } | null;
  /** A sync older than this is unhealthy (a silent IDLE and a stuck poll). */
  maxSyncAgeMs: number;
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * The worker's own small HTTP endpoint: /healthz (database, Redis, IMAP connection, age of the
 * last successful mailbox sync) and /metrics (Prometheus). Loopback by default; a port already
 * taken (a second worker on the host) is logged and skipped, never fatal.
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
        const syncAgeSeconds = imap?.lastSyncAt ? Math.round((Date.now() - imap.lastSyncAt.getTime()) / 1000) : null;
        const imapOk = !imap || (imap.connected && syncAgeSeconds !== null && syncAgeSeconds * 1000 <= health.maxSyncAgeMs);
        const ok = database === 'ok' && redis === 'ok' && imapOk;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', database, redis, imap: imap ? { connected: imap.connected, lastSyncAgeSeconds: syncAgeSeconds } : 'not reading a mailbox' }));
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
