import { classifyImapError } from '../../../src/pipeline/fetch/imap-watcher';
import { mailboxHealth } from '../../../src/main/worker-http';
import { TokenError } from '../../../src/mail/oauth-token';
import type { MailboxStatus } from '../../../src/pipeline/fetch/imap-watcher';

describe('classifyImapError', () => {
  it('tells a rejected login, a missing token, a missing folder and an unreachable server apart', () => {
    expect(classifyImapError(Object.assign(new Error('Command failed'), { authenticationFailed: true }))).toBe('auth');
    expect(classifyImapError(Object.assign(new Error('Command failed'), { serverResponseCode: 'AUTHENTICATIONFAILED' }))).toBe('auth');
    expect(classifyImapError(new TokenError('token endpoint answered 500'))).toBe('token');
    expect(classifyImapError(Object.assign(new Error('Command failed'), { serverResponseCode: 'NONEXISTENT', responseText: 'Mailbox doesn\'t exist: Support' }))).toBe('mailbox');
    expect(classifyImapError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:993'), { code: 'ECONNREFUSED' }))).toBe('unreachable');
    expect(classifyImapError(Object.assign(new Error('Failed to receive greeting from server in required time'), { code: 'GREETING_TIMEOUT' }))).toBe('unreachable');
    expect(classifyImapError(null)).toBe('unreachable');
  });
});

describe('mailboxHealth', () => {
  const now = 1_000_000;
  const limits = { maxSyncAgeMs: 180_000, unhealthyAfterMs: 60_000 };
  const base: MailboxStatus = { running: true, connected: true, lastSyncAt: new Date(now - 5_000), downSince: null, problem: null, lastError: null };

  it('is healthy when connected and recently synced', () => {
    expect(mailboxHealth(base, now, limits)).toEqual({ ok: true, reason: null });
  });
  it('rides out a short outage, then turns unhealthy with the reason', () => {
    const down = { ...base, connected: false, problem: 'unreachable' as const, lastError: 'the IMAP server cannot be reached: ECONNREFUSED' };
    expect(mailboxHealth({ ...down, downSince: new Date(now - 30_000) }, now, limits).ok).toBe(true);
    expect(mailboxHealth({ ...down, downSince: new Date(now - 61_000) }, now, limits)).toEqual({ ok: false, reason: 'the IMAP server cannot be reached: ECONNREFUSED (for 61 s)' });
  });
  it('is unhealthy at once when the login is rejected', () => {
    expect(mailboxHealth({ ...base, connected: false, downSince: new Date(now - 1000), problem: 'auth', lastError: 'login rejected' }, now, limits)).toEqual({ ok: false, reason: 'login rejected' });
  });
  it('is unhealthy when no sync ever happened or the last one is too old', () => {
    expect(mailboxHealth({ ...base, lastSyncAt: null }, now, limits).reason).toBe('no mailbox sync yet');
    expect(mailboxHealth({ ...base, lastSyncAt: new Date(now - 200_000) }, now, limits).reason).toBe('last mailbox sync 200 s ago');
  });
});
