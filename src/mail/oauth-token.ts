import { execFile } from 'node:child_process';
import type { Config } from '../config/schema';

/**
 * XOAUTH2 access tokens for IMAP and SMTP. Microsoft 365 and Gmail no longer accept
 * passwords, and their tokens live about an hour, so a long-running worker must fetch fresh
 * ones: from a command (e.g. a vault or `az account get-access-token` wrapper) or by the
 * OAuth2 client-credentials flow (RFC 6749 §4.4). Tokens are cached until shortly before
 * they expire, and never logged.
 */
export interface TokenProvider {
  getToken(forceRefresh?: boolean): Promise<string>;
}

export class TokenError extends Error {
  readonly code = 'OAUTH_TOKEN_FAILED';
}

/** A command's stdout (trimmed) is the token; reused for `ttlMs`. */
export function commandTokenProvider(command: string, ttlMs = 5 * 60_000): TokenProvider {
  return cached(ttlMs, () =>
    new Promise((resolve, reject) => {
      execFile('/bin/sh', ['-c', command], { timeout: 30_000, maxBuffer: 64 * 1024 }, (err, stdout) => {
        const token = String(stdout).trim();
        if (err) return reject(new TokenError(`token command failed: ${err.message.split('\n')[0]}`));
        if (!token || /\s/.test(token)) return reject(new TokenError('token command printed no single token'));
        resolve({ token, expiresInMs: ttlMs });
      });
    }),
  );
}

/** OAuth2 client credentials: POST grant_type=client_credentials to the token endpoint. */
export function clientCredentialsTokenProvider(p: { url: string; clientId: string; clientSecret: string; scope?: string }): TokenProvider {
  return cached(0, async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: p.clientId, client_secret: p.clientSecret, ...(p.scope ? { scope: p.scope } : {}) });
    const res = await fetch(p.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !json.access_token) throw new TokenError(`token endpoint answered ${res.status}${json.error ? `: ${json.error}` : ''}`);
    return { token: json.access_token, expiresInMs: (json.expires_in ?? 3600) * 1000 };
  });
}

export function staticTokenProvider(token: string): TokenProvider {
  return { getToken: async () => token };
}

function cached(defaultTtlMs: number, fetchToken: () => Promise<{ token: string; expiresInMs: number }>): TokenProvider {
  let current: { token: string; until: number } | null = null;
  let inflight: Promise<string> | null = null;
  return {
    async getToken(forceRefresh = false) {
      // Renew a minute early, so a token never expires in the middle of a login.
      if (!forceRefresh && current && Date.now() < current.until) return current.token;
      inflight ??= fetchToken()
        .then(({ token, expiresInMs }) => {
          current = { token, until: Date.now() + Math.max(0, (expiresInMs || defaultTtlMs) - 60_000) };
          return token;
        })
        .finally(() => (inflight = null));
      return inflight;
    },
  };
}

/** The provider the config asks for, for IMAP (`imap`) or SMTP (`smtp`); null: password login. */
export function tokenProviderFor(config: Config, which: 'imap' | 'smtp'): TokenProvider | null {
  if (config.OAUTH_TOKEN_COMMAND) return commandTokenProvider(config.OAUTH_TOKEN_COMMAND);
  if (config.OAUTH_TOKEN_URL)
    return clientCredentialsTokenProvider({ url: config.OAUTH_TOKEN_URL, clientId: config.OAUTH_CLIENT_ID!, clientSecret: config.OAUTH_CLIENT_SECRET!, scope: config.OAUTH_SCOPE });
  const token = which === 'imap' ? config.IMAP_ACCESS_TOKEN : config.SMTP_ACCESS_TOKEN;
  return token ? staticTokenProvider(token) : null;
}
