import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActionError, type ActionDeps, type Actor } from '../../tickets/actions';
import type { HeldMailDeps } from '../../pipeline/held-mail';
import type { AppDeps } from '../deps';
import { isReference } from '../queries/tickets';
import type { Views } from '../render';

/** What every route module gets: the dependencies, the use cases' deps and the templates. */
export interface RouteContext {
  deps: AppDeps;
  actions: ActionDeps;
  heldMail: HeldMailDeps;
  views: Views;
}

export function actorOf(req: FastifyRequest): Actor & { name: string } {
  const u = req.auth!.user;
  return { id: u.id, email: u.email, name: u.name };
}

/** A ticket reference from the URL → its id; anything malformed is simply not found (never reaches SQL as text to interpret). */
export async function ticketIdFor(ctx: RouteContext, reference: string): Promise<number> {
  if (!isReference(reference, ctx.deps.pipeline.config.TICKET_PREFIX)) throw new ActionError('NOT_FOUND', `no ticket ${reference.slice(0, 40)}`);
  const [row] = await ctx.deps.pipeline.db.query(`SELECT id FROM tickets WHERE reference = $1`, [reference]);
  if (!row) throw new ActionError('NOT_FOUND', `no ticket ${reference}`);
  return row.id;
}

/** A numeric id from the URL; anything else is not found. */
export function numericId(value: string, what: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new ActionError('NOT_FOUND', `no ${what} ${value.slice(0, 40)}`);
  return Number(value);
}

export const STATUS_OF: Record<ActionError['code'], number> = { NOT_FOUND: 404, INVALID: 400, CONFLICT: 409 };

/** Form fields arrive as strings (or arrays when repeated); take one trimmed string. */
export function field(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : '';
}

export const csrfOf = (req: FastifyRequest): string => req.auth?.csrfToken ?? '';

export type Reply = FastifyReply;
