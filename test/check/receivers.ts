import { createPublicKey, createVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { antomNotificationPlugin } from '../../client/index.js';
import type { AntomNotification } from '../../protocol/index.js';

/** Three merchant endpoints the check must tell apart, each on 127.0.0.1 and a random port. */
export interface Receiver {
  url: string;
  /** notifications the merchant's code accepted (handed to its handler) */
  handled: AntomNotification[];
  close(): Promise<void>;
}

export const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';
export const NOTIFY_PATH = '/antom/notify';

/** The project's reference client: its Fastify notification plugin, as a merchant mounts it. */
export async function referenceReceiver(antomPublicKey: string, clientId: string): Promise<Receiver> {
  const handled: AntomNotification[] = [];
  const app = Fastify();
  await app.register(antomNotificationPlugin, { path: NOTIFY_PATH, antomPublicKey, clientId, handler: (n) => void handled.push(n) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${NOTIFY_PATH}`, handled, close: () => app.close() };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function plainReceiver(accept: (req: IncomingMessage, body: string) => boolean): Promise<Receiver> {
  const handled: AntomNotification[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (!accept(req, body)) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      handled.push(JSON.parse(body) as AntomNotification);
      res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${NOTIFY_PATH}`,
    handled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The deliberately naive merchant: acknowledges everything, never looks at a signature. */
export function naiveReceiver(): Promise<Receiver> {
  return plainReceiver(() => true);
}

/**
 * The classic bug: verifies, checks the client id, but over JSON.stringify(JSON.parse(body))
 * (what an Express app with express.json() has at hand) instead of the bytes received.
 */
export function reserialisingReceiver(antomPublicKey: string, clientId: string): Promise<Receiver> {
  const key = createPublicKey(antomPublicKey);
  return plainReceiver((req, body) => {
    const header = req.headers.signature;
    if (typeof header !== 'string' || req.headers['client-id'] !== clientId) return false;
    const match = /(?:^|,)\s*signature=([^,]+)/.exec(header);
    if (!match) return false;
    let reserialised: string;
    try {
      reserialised = JSON.stringify(JSON.parse(body));
    } catch {
      return false;
    }
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`POST ${NOTIFY_PATH}\n${clientId}.${String(req.headers['request-time'])}.${reserialised}`, 'utf8');
    return verifier.verify(key, decodeURIComponent(match[1]!.trim()), 'base64');
  });
}
