import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs (pino) on stderr, so stdout stays clean for command output such as
 * `servicedesk tickets --json`. Secrets are redacted wherever they appear under these keys.
 */
export function createLogger(level: string = 'info', bindings: Record<string, unknown> = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'servicedesk', ...bindings },
      redact: {
        paths: ['password', '*.password', 'pass', '*.pass', 'accessToken', '*.accessToken', 'auth.pass', 'auth.accessToken', '*.IMAP_PASSWORD', '*.SMTP_PASSWORD', 'IMAP_PASSWORD', 'SMTP_PASSWORD'],
        censor: '[redacted]',
      },
    },
    // Asynchronous writes (the worker's per-mail lines cost ~0.5 ms each when written
    // synchronously); pino flushes what is buffered when the process exits.
    pino.destination({ dest: 2, sync: false }),
  );
}
