import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The two cookies this app uses, parsed and written by hand. @fastify/cookie 11 loads the
 * ESM-only `cookie` package with a dynamic import(), which jest's CommonJS sandbox cannot
 * run; what we need — opaque base64url values, a handful of attributes — is a few lines.
 * (RFC 6265 §4.1 for the Set-Cookie syntax, §5.2 for how clients read it.)
 */
export interface CookieOptions {
  path: string;
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  maxAge?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    cookies: Record<string, string>;
  }
}

const NAME = /^[A-Za-z0-9_-]+$/;
const VALUE = /^[A-Za-z0-9_.~-]*$/;

/** Cookie header → name/value map; malformed pairs are skipped, the first of duplicate names wins. */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (NAME.test(name) && VALUE.test(value) && !(name in out)) out[name] = value;
  }
  return out;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  if (!NAME.test(name) || !VALUE.test(value)) throw new Error(`cookie ${name}: value must be base64url`);
  const parts = [`${name}=${value}`, `Path=${o.path}`];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(o.maxAge)}`);
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  parts.push(`SameSite=${o.sameSite === 'strict' ? 'Strict' : 'Lax'}`);
  return parts.join('; ');
}

export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): FastifyReply {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  return reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), serializeCookie(name, value, o)]);
}

export function clearCookie(reply: FastifyReply, name: string, o: CookieOptions): FastifyReply {
  return setCookie(reply, name, '', { ...o, maxAge: 0 });
}

export function registerCookies(app: FastifyInstance): void {
  app.decorateRequest('cookies', null as unknown as Record<string, string>);
  app.addHook('onRequest', async (req) => {
    req.cookies = parseCookieHeader(req.headers.cookie);
  });
}
