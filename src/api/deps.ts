import 'fastify';
import type { UserRole } from '../db/entities/user';
import type { PipelineDeps } from '../pipeline/deps';
import type { ActionDeps } from '../tickets/actions';
import type { UserRow } from '../users/users';

/**
 * What the HTTP app needs from the outside world, built once by `servicedesk serve` (or by a
 * test). buildApp() never opens connections itself, so a test can hand it a test database.
 */
export interface AppDeps {
  pipeline: PipelineDeps;
  queues: ActionDeps['queues'];
  /** For /healthz; null: health says "not configured". (The login limits live in PostgreSQL.) */
  redis: RedisLike | null;
}

/** The part of ioredis the app uses (ping for health). */
export interface RedisLike {
  ping(): Promise<string>;
}

export interface AuthState {
  user: UserRow;
  via: 'session' | 'token';
  /** The session's synchronizer token (session auth only). */
  csrfToken: string | null;
  sessionId: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without login (login page, health, static assets). */
    public?: boolean;
    /** Lowest role that may use the route; default agent. */
    minRole?: UserRole;
  }
  interface FastifyRequest {
    auth: AuthState | null;
  }
}
