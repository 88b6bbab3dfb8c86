import { errorMessage, OutageLog } from '../../../src/shared/outage-log';

function recorder() {
  const lines: { level: 'warn' | 'info'; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    log: {
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    },
  };
}

describe('OutageLog: a few lines per outage, however many attempts', () => {
  it('logs the first attempts, then the same error at most once a minute, then one line when back', () => {
    let now = 0;
    const r = recorder();
    const o = new OutageLog(r.log, 'IMAP', { now: () => now, verboseAttempts: 3, repeatEveryMs: 60_000 });
    // 45 s of attempts every 100 ms (far more often than any real retry): 450 failures.
    for (let i = 0; i < 450; i++) {
      o.failure(new Error('connect ECONNREFUSED 127.0.0.1:993'), 100);
      now += 100;
    }
    expect(r.lines.filter((l) => l.level === 'warn')).toHaveLength(3);
    expect(r.lines[0]).toMatchObject({ obj: { attempt: 1, nextRetryMs: 100, service: 'IMAP' } });
    expect(r.lines[0].msg).toBe('IMAP unavailable (attempt 1, next in 100 ms): connect ECONNREFUSED 127.0.0.1:993');
    now += 20_000; // a minute after the last line
    o.failure(new Error('connect ECONNREFUSED 127.0.0.1:993'), 60_000);
    expect(r.lines).toHaveLength(4);
    expect(r.lines[3].obj).toMatchObject({ attempt: 451, sameErrorSinceLastLine: 447 });
    expect(o.current).toMatchObject({ since: 0, attempts: 451 });
    o.recovered();
    expect(r.lines[4]).toMatchObject({ level: 'info', obj: { downForMs: 65_000, attempts: 451 } });
    expect(r.lines[4].msg).toBe('IMAP is back after 65 s (451 failed attempts)');
    expect(o.current).toBeNull();
    o.recovered(); // nothing to say when nothing was down
    expect(r.lines).toHaveLength(5);
  });

  it('logs at once when the error changes', () => {
    const r = recorder();
    const o = new OutageLog(r.log, 'PostgreSQL', { now: () => 0, verboseAttempts: 1 });
    o.failure(new Error('a'), null);
    o.failure(new Error('a'), null);
    o.failure(new Error('b'), null);
    o.failure(new Error('b'), null);
    expect(r.lines.map((l) => l.msg)).toEqual(['PostgreSQL unavailable (attempt 1): a', 'PostgreSQL unavailable (attempt 3): b']);
  });

  it('errors that alternate are each logged once per minute, not at every switch', () => {
    let now = 0;
    const r = recorder();
    const o = new OutageLog(r.log, 'Redis', { now: () => now, verboseAttempts: 1 });
    for (let i = 0; i < 90; i++) {
      o.failure(new Error(i % 2 ? 'ECONNREFUSED' : 'ping timed out'), null);
      now += 1000;
    }
    // 90 s: each of the two errors at 0 s (or 1 s) and again a minute later.
    expect(r.lines.map((l) => l.obj.err)).toEqual(['ping timed out', 'ECONNREFUSED', 'ping timed out', 'ECONNREFUSED']);
  });
});

describe('errorMessage', () => {
  it('adds the code and the server\'s own words when the message lacks them', () => {
    expect(errorMessage(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }))).toBe('connect failed (ECONNREFUSED)');
    expect(errorMessage(Object.assign(new Error('Command failed'), { responseText: 'Authentication failed.' }))).toBe('Command failed: Authentication failed.');
    expect(errorMessage('plain')).toBe('plain');
  });
});
