import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import { openDatabase } from '../db/open';
import { createQueues } from '../queue/queues';
import { createLogger, type Logger } from '../shared/logger';
import { buildPipelineDeps } from './context';

/**
 * `servicedesk serve`: the agent workspace and /api on HTTP_PORT. Wiring only: the app is
 * built by buildApp(); replies and replays are put on the worker's BullMQ queues.
 */
const ENQUEUE_TIMEOUT_MS = 3_000;

/** BullMQ waits for Redis indefinitely; an agent's click must not. The row stays in PostgreSQL and the worker's sweep picks it up. */
function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function startServer(config: Config, log: Logger, opts: { port?: number } = {}) {
  const db = await openDatabase(config, log, { migrate: true });
  const queues = createQueues(config);
  // A separate client for /healthz that fails fast instead of queueing commands while Redis is down.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis (health check client)'));
  // Loaded here, not at the top: the worker and the other commands never pay for fastify.
  const { buildApp } = await import('../api/app');
  const app = await buildApp({
    pipeline: buildPipelineDeps(config, log, db.dataSource),
    queues: { enqueueMail: (id) => withTimeout(queues.enqueueMail(id)), enqueueReply: (id) => withTimeout(queues.enqueueReply(id)) },
    redis,
  });
  const address = await app.listen({ port: opts.port ?? config.HTTP_PORT, host: config.HTTP_HOST });
  log.info({ address }, 'agent workspace listening');
  return {
    app,
    address,
    async close() {
      await app.close();
      await queues.close();
      redis.disconnect();
      await db.close();
    },
  };
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('the agent workspace (web UI) and the REST API under /api, on HTTP_HOST:HTTP_PORT')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const server = await startServer(config, log);
      process.stdout.write(`agent workspace on ${server.address}\n`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down the web server');
        server.close().then(
          () => process.exit(0),
          (err: Error) => (log.error({ err: err.message }, 'unclean shutdown'), process.exit(1)),
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
