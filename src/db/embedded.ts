import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: PGlite (PostgreSQL compiled to
 * WebAssembly) with its data kept on disk under DATA_DIR/pglite, served over the PostgreSQL
 * wire protocol on a loopback port so TypeORM's ordinary pg driver and the same migrations
 * run against it. PGlite executes one query at a time: use a pool size of 1.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  // Both packages ship CommonJS builds; loaded lazily so a deployment with a real
  // PostgreSQL never pays for the WebAssembly start-up.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgres://postgres@${conn}/postgres?sslmode=disable`,
    dataDir: join(dir),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
