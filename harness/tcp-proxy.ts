/**
 * A TCP proxy on loopback for fault tests: it forwards to a real server until told to go
 * silent. Silent, it is a server that has hung: connections stay open, nothing is answered,
 * and new connections are accepted but never greeted. That is what a frozen IMAP server, a
 * dead NAT entry or a black-holing firewall looks like to a client, and what a refused
 * connection (the server stopped) does not show.
 *
 *   const proxy = await startTcpProxy({ port: dovecot.port });
 *   // point the client at proxy.port
 *   proxy.silence();   // everything hangs, nothing is closed
 *   proxy.forward();   // new connections reach the server again (hung ones stay hung)
 *   await proxy.close();
 */
import net from 'node:net';

export interface TcpProxy {
  host: '127.0.0.1';
  port: number;
  /** Connections accepted so far (a client's connection attempts). */
  accepted(): number;
  /** Open client connections now. */
  open(): number;
  silence(): void;
  forward(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }, opts: { silent?: boolean } = {}): Promise<TcpProxy> {
  let silent = opts.silent ?? false;
  let accepted = 0;
  const clients = new Set<net.Socket>();
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    accepted++;
    clients.add(client);
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    if (silent) {
      client.pause(); // accepted, never greeted, never read
      return;
    }
    const upstream = net.connect({ host: target.host ?? '127.0.0.1', port: target.port });
    const pair = { client, upstream };
    pairs.add(pair);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      pairs.delete(pair);
      if (!silent) client.destroy();
    });
    client.on('close', () => {
      if (!silent) upstream.destroy();
    });
    // Forward by hand, not pipe(): silence() must stop the flow without closing anything.
    client.on('data', (d) => {
      if (!silent) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!silent) client.write(d);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    accepted: () => accepted,
    open: () => clients.size,
    silence() {
      silent = true;
    },
    forward() {
      silent = false;
    },
    async close() {
      for (const c of clients) c.destroy();
      for (const p of pairs) p.upstream.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
