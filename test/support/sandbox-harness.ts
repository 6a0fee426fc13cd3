import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { buildSandbox, type SandboxApp, type SandboxOptions } from '../../emulator/index.js';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, sandboxPublicKey } from './keys.js';
import { signLikeAnSdk, verifyLikeAnSdk } from './independent-verifier.js';
import { startReceiver, type NotificationReceiver } from './notification-receiver.js';

export interface AntomCallResult<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: T;
  /** the response signature, checked with the independent verifier */
  verified: { ok: boolean; reason?: string };
}

export interface TestSandbox {
  app: SandboxApp;
  url: string;
  /** a signed POST as the Java/Go SDKs send it (epoch-ms request-time) */
  call<T = any>(api: string, body: unknown, options?: CallOptions): Promise<AntomCallResult<T>>;
  control<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface CallOptions {
  /** send this exact text as the body instead of JSON.stringify(body) */
  rawBody?: string;
  headers?: Record<string, string>;
  clientId?: string;
  time?: string;
  sandboxPrefix?: boolean;
  unsigned?: boolean;
  method?: string;
  path?: string;
}

/**
 * A sandbox and a notification receiver for one describe block: started before its tests, closed
 * after them; `use` hands both to the block's own variables.
 */
export function withSandboxAndReceiver(use: (sandbox: TestSandbox, receiver: NotificationReceiver) => void): void {
  let sandbox: TestSandbox | undefined;
  let receiver: NotificationReceiver | undefined;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startReceiver();
    use(sandbox, receiver);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });
}

/** Starts a real sandbox on 127.0.0.1 with a random port and in-memory storage. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const app = await buildSandbox({ data: ':memory:', logLevel: 'silent', port: 0, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    async call(api, body, opts = {}) {
      const path = opts.path ?? `/ams/${opts.sandboxPrefix ? 'sandbox/' : ''}api/v1/payments/${api}`;
      const text = opts.rawBody ?? JSON.stringify(body);
      const clientId = opts.clientId ?? DEMO_CLIENT_ID;
      const time = opts.time ?? String(Date.now());
      const method = opts.method ?? 'POST';
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
      if (!opts.unsigned) {
        headers['client-id'] = clientId;
        headers['request-time'] = time;
        headers.signature = signLikeAnSdk({ method, path, clientId, time, body: text, privateKey: demoMerchantPrivateKey });
      }
      Object.assign(headers, opts.headers);
      const response = await request(`${url}${path}`, { method: method as 'POST', headers, body: method === 'GET' || method === 'HEAD' ? undefined : text });
      const responseText = await response.body.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(responseText);
      } catch {
        parsed = undefined;
      }
      return {
        status: response.statusCode,
        headers: response.headers,
        text: responseText,
        body: parsed as any,
        verified: verifyLikeAnSdk({ method, path, headers: response.headers, body: responseText, publicKey: sandboxPublicKey }),
      };
    },
    async control(method, path, body) {
      const response = await request(`${url}/_sandbox/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.body.text();
      return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
    },
    close: () => app.close(),
  };
}

let counter = 0;
/** A good pay request for South Korean cards; override any part. */
export function payRequest(overrides: Record<string, unknown> = {}): Record<string, any> {
  counter += 1;
  const id = `PR-${process.pid}-${Date.now()}-${counter}`;
  return {
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: id,
    order: {
      orderAmount: { currency: 'KRW', value: '46000' },
      referenceOrderId: `ORDER-${id}`,
      orderDescription: 'Jeju green tea set',
    },
    paymentAmount: { currency: 'KRW', value: '46000' },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true } },
    paymentFactor: { isAuthorization: true },
    paymentRedirectUrl: 'https://merchant.example/return',
    env: { terminalType: 'WEB' },
    ...overrides,
  };
}
