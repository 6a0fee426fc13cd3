import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { signLikeAnSdk } from './independent-verifier.js';

/** What the proxy does with one Antom call. */
export type Fault =
  | { kind: 'pass' }
  /** forward to the sandbox, then answer a correctly signed UNKNOWN_EXCEPTION instead */
  | { kind: 'unknownAfterForward' }
  /** forward, then change the body but keep the sandbox's signature */
  | { kind: 'tamperBody' }
  /** forward, then re-sign the answer with a key that is not the sandbox's */
  | { kind: 'wrongKey' }
  /** forward, then strip the signature header */
  | { kind: 'noSignature' }
  /** close the socket without answering (the request never reaches the sandbox) */
  | { kind: 'drop' };

export interface ProxiedCall {
  path: string;
  body: string;
  fault: Fault['kind'];
}

const sandboxPrivateKey = createPrivateKey(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'sandbox-private.pem'), 'utf8'));
// any RSA key that is not the sandbox's: the demo merchant's will do
const otherPrivateKey = createPrivateKey(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'demo-merchant-private.pem'), 'utf8'));

/**
 * A real HTTP proxy in front of a real sandbox that injects one fault per call from a queue,
 * for what the sandbox itself must never do (answer with a bad signature) or to fake a lost answer.
 */
export interface FaultProxy {
  url: string;
  calls: ProxiedCall[];
  /** faults for the next calls, in order; calls beyond the queue pass through */
  faults: Fault[];
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const calls: ProxiedCall[] = [];
  const faults: Fault[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fault = faults.shift() ?? { kind: 'pass' };
      calls.push({ path: req.url ?? '', body, fault: fault.kind });
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      forward(targetUrl, req.url ?? '/', req.headers, body).then(
        ({ status, headers, text }) => {
          const out = { ...headers };
          let outText = text;
          const clientId = String(headers['client-id'] ?? '');
          const path = req.url ?? '/';
          if (fault.kind === 'unknownAfterForward') {
            outText = JSON.stringify({ result: { resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U', resultMessage: 'An unknown exception occurred.' } });
            out.signature = signLikeAnSdk({ path, clientId, time: String(headers['response-time']), body: outText, privateKey: sandboxPrivateKey });
          } else if (fault.kind === 'tamperBody') {
            outText = text.replace('"paymentId":"', '"paymentId":"X');
          } else if (fault.kind === 'wrongKey') {
            out.signature = signLikeAnSdk({ path, clientId, time: String(headers['response-time']), body: text, privateKey: otherPrivateKey });
          } else if (fault.kind === 'noSignature') {
            delete out.signature;
          }
          delete out['content-length'];
          delete out['transfer-encoding'];
          delete out.connection;
          delete out['keep-alive'];
          res.writeHead(status, out as Record<string, string>).end(outText);
        },
        () => res.writeHead(502).end('proxy: sandbox unreachable'),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function forward(targetUrl: string, path: string, headers: IncomingHttpHeaders, body: string) {
  const pass: Record<string, string> = {};
  for (const name of ['content-type', 'client-id', 'request-time', 'signature']) {
    const value = headers[name];
    if (typeof value === 'string') pass[name] = value;
  }
  const response = await request(`${targetUrl}${path}`, { method: 'POST', headers: pass, body });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}
