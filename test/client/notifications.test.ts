import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { antomNotificationPlugin, AntomClient, NOTIFICATION_ACK_BODY, SignatureError, ValidationError, verifyNotification } from '../../client/index.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import type { AntomNotification } from '../../protocol/index.js';
import { signLikeAnSdk } from '../support/independent-verifier.js';
import { DEMO_CLIENT_ID } from '../support/keys.js';
import { payRequest } from '../support/sandbox-harness.js';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const sandboxPrivateKey = createPrivateKey(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'sandbox-private.pem'), 'utf8'));
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let sandbox: RunningSandbox;
let shop: FastifyInstance;
let shopUrl: string;
const handled: AntomNotification[] = [];
let failHandler = false;
const handledWaiters: Array<{ count: number; resolve: (n: AntomNotification[]) => void }> = [];

/** Resolves once the handler has seen `count` notifications: a readiness signal, not a sleep. */
function handledCount(count: number): Promise<AntomNotification[]> {
  if (handled.length >= count) return Promise.resolve(handled.slice());
  return new Promise((resolve) => handledWaiters.push({ count, resolve }));
}

const body = JSON.stringify(
  {
    notifyType: 'PAYMENT_RESULT',
    result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
    paymentRequestId: 'PR-1',
    paymentId: '202612010000001',
    paymentAmount: { currency: 'KRW', value: '46000' },
    paymentCreateTime: '2026-12-01T10:00:00+09:00',
    paymentTime: '2026-12-01T10:01:00+09:00',
  },
  null,
  2, // pretty-printed on purpose: the raw bytes are what is signed
);

function headersFor(text: string, options: { key?: typeof strangerKey; path?: string; clientId?: string } = {}) {
  const time = '2026-12-01T10:01:01+09:00';
  const clientId = options.clientId ?? DEMO_CLIENT_ID;
  return {
    'content-type': 'application/json',
    'client-id': clientId,
    'request-time': time,
    signature: signLikeAnSdk({ path: options.path ?? '/antom/notify', clientId, time, body: text, privateKey: options.key ?? sandboxPrivateKey }),
  };
}

async function post(text: string, headers: Record<string, string>) {
  const response = await request(`${shopUrl}/antom/notify`, { method: 'POST', headers, body: text });
  return { status: response.statusCode, text: await response.body.text() };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  shop = Fastify();
  await shop.register(antomNotificationPlugin, {
    path: '/antom/notify',
    antomPublicKey: sandbox.publicKey,
    clientId: DEMO_CLIENT_ID,
    handler: (notification) => {
      if (failHandler) throw new Error('database down');
      handled.push(notification);
      for (const w of [...handledWaiters]) {
        if (handled.length >= w.count) {
          handledWaiters.splice(handledWaiters.indexOf(w), 1);
          w.resolve(handled.slice());
        }
      }
    },
  });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  shopUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  handled.length = 0;
  failHandler = false;
});
afterAll(async () => {
  await shop.close();
  await sandbox.close();
});

describe('verifyNotification', () => {
  it('returns the typed notification for the raw bytes as signed', () => {
    const n = verifyNotification(Buffer.from(body), headersFor(body), '/antom/notify', { antomPublicKey: sandbox.publicKey });
    expect(n).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: '202612010000001' });
  });

  it('accepts header names in any case and ignores the query string of the path', () => {
    const upper = Object.fromEntries(Object.entries(headersFor(body)).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyNotification(body, upper, '/antom/notify?shop=1', { antomPublicKey: sandbox.publicKey }).notifyType).toBe('PAYMENT_RESULT');
  });

  it.each([
    ['re-serialised JSON', JSON.stringify(JSON.parse(body)), headersFor(body), '/antom/notify'],
    ['another path', body, headersFor(body), '/other'],
    ['a stranger key', body, headersFor(body, { key: strangerKey }), '/antom/notify'],
    ['no signature header', body, { 'client-id': DEMO_CLIENT_ID, 'request-time': '1' }, '/antom/notify'],
  ])('refuses %s with SignatureError', (_name, text, headers, path) => {
    expect(() => verifyNotification(text, headers, path, { antomPublicKey: sandbox.publicKey })).toThrow(SignatureError);
  });

  it('refuses a notification for another client id', () => {
    expect(() => verifyNotification(body, headersFor(body, { clientId: 'SANDBOX_OTHER' }), '/antom/notify', { antomPublicKey: sandbox.publicKey, clientId: DEMO_CLIENT_ID })).toThrow(/not "SANDBOX_DEMO_MERCHANT"/);
  });

  it('refuses a well-signed body of the wrong shape with ValidationError', () => {
    const odd = JSON.stringify({ notifyType: 'PAYMENT_RESULT' });
    expect(() => verifyNotification(odd, headersFor(odd), '/antom/notify', { antomPublicKey: sandbox.publicKey })).toThrow(ValidationError);
  });
});

describe('the notification plugin in a merchant Fastify app', () => {
  it('acknowledges a verified notification with the exact body and calls the handler once', async () => {
    const answer = await post(body, headersFor(body));
    expect(answer).toEqual({ status: 200, text: NOTIFICATION_ACK_BODY });
    expect(NOTIFICATION_ACK_BODY).toBe('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
    expect(handled).toHaveLength(1);
  });

  it('rejects a notification with a bad signature (401), without calling the handler', async () => {
    const tampered = body.replace('46000', '1');
    const answer = await post(tampered, headersFor(body));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'SignatureError' });
    expect((await post(body, headersFor(body, { key: strangerKey }))).status).toBe(401);
    expect(handled).toHaveLength(0);
  });

  it('answers 500 when the handler fails, so Antom delivers it again', async () => {
    failHandler = true;
    expect((await post(body, headersFor(body))).status).toBe(500);
  });

  it('accepts real notifications from the sandbox outbox', async () => {
    const client = new AntomClient({ gatewayUrl: sandbox.url, clientId: DEMO_CLIENT_ID, privateKey: sandbox.demoMerchant.privateKey, antomPublicKey: sandbox.publicKey });
    const payment = await client.pay(payRequest({ paymentNotifyUrl: `${shopUrl}/antom/notify` }) as never);
    await client.close();
    const both = handledCount(2);
    await sandbox.control.authorize(payment.paymentId!, { outcome: 'approve' });
    await sandbox.control.advanceClock(1_000);
    expect((await both).map((n) => n.notifyType)).toEqual(['PAYMENT_RESULT', 'CAPTURE_RESULT']);
  });
});
