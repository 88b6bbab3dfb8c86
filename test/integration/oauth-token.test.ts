import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { clientCredentialsTokenProvider, commandTokenProvider } from '../../src/mail/oauth-token';
import { smtpTransport } from '../../src/mail/transport';
import { configFrom } from '../support/env';

/** XOAUTH2 token providers against real local peers: a shell command, an OAuth2 token endpoint, an SMTP server. */
describe('XOAUTH2 tokens', () => {
  it('a command prints the token; failures are clear and carry no secret', async () => {
    await expect(commandTokenProvider('printf "tok-123\\n"').getToken()).resolves.toBe('tok-123');
    await expect(commandTokenProvider('exit 3').getToken()).rejects.toThrow(/token command failed/);
    await expect(commandTokenProvider('printf ""').getToken()).rejects.toThrow(/no single token/);
  });

  describe('client credentials (RFC 6749 §4.4)', () => {
    let server: Server;
    let url: string;
    const calls: URLSearchParams[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          calls.push(form);
          const ok = form.get('grant_type') === 'client_credentials' && form.get('client_secret') === 's3cret';
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify(ok ? { access_token: `at-${calls.length}`, expires_in: 3600, token_type: 'Bearer' } : { error: 'invalid_client' }));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('fetches once, caches until near expiry, renews on demand', async () => {
      const p = clientCredentialsTokenProvider({ url, clientId: 'sd', clientSecret: 's3cret', scope: 'https://outlook.office365.com/.default' });
      expect(await p.getToken()).toBe('at-1');
      expect(await p.getToken()).toBe('at-1');
      expect(await p.getToken(true)).toBe('at-2');
      expect(calls[0].get('scope')).toBe('https://outlook.office365.com/.default');
    });

    it('a refused client is a clear error', async () => {
      await expect(clientCredentialsTokenProvider({ url, clientId: 'sd', clientSecret: 'wrong' }).getToken()).rejects.toThrow(/401: invalid_client/);
    });
  });

  it('SMTP logs in with XOAUTH2 using the provider\'s token', async () => {
    const seen: { user?: string; token?: string }[] = [];
    const smtp = new SMTPServer({
      authMethods: ['XOAUTH2'],
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        seen.push({ user: auth.username, token: auth.accessToken });
        return auth.accessToken === 'tok-smtp' ? cb(null, { user: auth.username }) : cb(new Error('bad token'));
      },
      onData(stream, _s, cb) {
        stream.resume();
        stream.on('end', () => cb());
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    const transport = smtpTransport(
      configFrom({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_USER: 'support@microbizz.dk', OAUTH_TOKEN_COMMAND: 'printf tok-smtp' }),
    );
    try {
      const r = await transport.send({ from: 'support@microbizz.dk', to: 'a@b.dk', subject: 'x', text: 'y' });
      expect(r.accepted).toEqual(['a@b.dk']);
      expect(seen).toEqual([{ user: 'support@microbizz.dk', token: 'tok-smtp' }]);
    } finally {
      transport.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
