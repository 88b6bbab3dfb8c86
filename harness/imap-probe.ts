/**
 * Readiness probe for an IMAP server: a raw connection that waits for the greeting and, with
 * credentials, logs in and out. True only when the server really serves IMAP.
 */
import net from 'node:net';

function imapQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function probeLogin(host: string, port: number, cred: { user: string; password: string } | undefined, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let buf = '';
    let stage: 'greeting' | 'login' | 'logout' = 'greeting';
    let settled = false;
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.on('error', () => undefined);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (stage === 'greeting') {
          if (!line.startsWith('* OK')) return finish(false);
          if (!cred) return finish(true);
          stage = 'login';
          sock.write(`p1 LOGIN ${imapQuote(cred.user)} ${imapQuote(cred.password)}\r\n`);
        } else if (stage === 'login' && line.startsWith('p1 ')) {
          if (!line.startsWith('p1 OK')) return finish(false);
          stage = 'logout';
          sock.write('p2 LOGOUT\r\n');
        } else if (stage === 'logout' && line.startsWith('p2 ')) {
          return finish(true);
        }
      }
    });
  });
}

