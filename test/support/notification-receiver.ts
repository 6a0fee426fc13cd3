import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  /** answered 200 with Antom's SUCCESS acknowledgement (mode 'ack') */
  acknowledged: boolean;
}

export type ReceiverMode = 'ack' | 'http500' | 'wrongBody' | 'hang' | 'destroy';

/** A merchant's notification endpoint on 127.0.0.1; tests wait on it, never sleep. */
export interface NotificationReceiver {
  url: string;
  port: number;
  received: ReceivedNotification[];
  mode: ReceiverMode;
  waitFor(count: number): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
}

/** `host` 0.0.0.0 lets a container reach it through the host's bridge address */
export async function startReceiver(path = '/antom/notify', mode: ReceiverMode = 'ack', host = '127.0.0.1'): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedNotification[]) => void }> = [];
  const hanging = new Set<ServerResponse>();
  const state = { mode };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json, acknowledged: state.mode === 'ack' });
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received.slice());
        }
      }
      switch (state.mode) {
        case 'ack':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
          break;
        case 'http500':
          res.writeHead(500).end('oops');
          break;
        case 'wrongBody':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
          break;
        case 'hang':
          hanging.add(res);
          break;
        case 'destroy':
          req.socket.destroy();
          break;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    get mode() {
      return state.mode;
    },
    set mode(m: ReceiverMode) {
      state.mode = m;
    },
    waitFor(count) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port with nothing listening: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/notify`;
}
