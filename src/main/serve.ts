import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import { openDatabase } from '../db/open';
import { createQueues, redisConnection, withTimeout } from '../queue/queues';
import { createLogger, type Logger } from '../shared/logger';
import { OutageLog } from '../shared/outage-log';
import { buildPipelineDeps } from './context';
import { Deadline, exitOnSignals } from './shutdown';

/**
 * `servicedesk serve`: the agent workspace and /api on HTTP_PORT. Wiring only: the app is
 * built by buildApp(); replies and replays are put on the worker's BullMQ queues.
 */
const ENQUEUE_TIMEOUT_MS = 3_000;

export async function startServer(config: Config, log: Logger, opts: { port?: number } = {}) {
  const db = await openDatabase(config, log, { migrate: true });
  const queues = createQueues(config);
  const redisOutage = new OutageLog(log, 'Redis');
  for (const q of [queues.inbound, queues.outbound]) q.on('error', (err: Error) => redisOutage.failure(err, null));
  // A separate client for /healthz that fails fast instead of queueing commands while Redis is down.
  const { retryStrategy } = redisConnection(config) as { retryStrategy: (n: number) => number };
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy });
  redis.on('error', (err) => redisOutage.failure(err, null));
  redis.on('ready', () => redisOutage.recovered());
  // Loaded here, not at the top: the worker and the other commands never pay for fastify.
  const { buildApp } = await import('../api/app');
  const app = await buildApp({
    pipeline: buildPipelineDeps(config, log, db.dataSource),
    // BullMQ waits for Redis indefinitely; an agent's click must not. The row stays in
    // PostgreSQL and the worker's sweep picks it up.
    queues: {
      enqueueMail: (id) => withTimeout(queues.enqueueMail(id), ENQUEUE_TIMEOUT_MS, 'enqueue'),
      enqueueReply: (id) => withTimeout(queues.enqueueReply(id), ENQUEUE_TIMEOUT_MS, 'enqueue'),
    },
    redis,
  });
  const address = await app.listen({ port: opts.port ?? config.HTTP_PORT, host: config.HTTP_HOST });
  log.info({ address }, 'agent workspace listening');
  return {
    app,
    address,
    /** Stops taking requests, lets running ones finish, closes connections: within `timeoutMs`. */
    async close(timeoutMs = config.SHUTDOWN_TIMEOUT_SECONDS * 1000) {
      const deadline = new Deadline(timeoutMs);
      await deadline.run('web server', () => app.close(), 0.6);
      await deadline.run('queues', () => queues.close());
      redis.disconnect();
      await deadline.run('database', () => db.close());
      if (deadline.missed.length) log.warn({ steps: deadline.missed }, 'shutdown: some steps did not finish in time');
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
      exitOnSignals(log, config.SHUTDOWN_TIMEOUT_SECONDS * 1000, (ms) => server.close(ms));
    });
}
