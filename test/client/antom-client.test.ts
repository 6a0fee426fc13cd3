import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AntomClient,
  DeclinedError,
  SignatureError,
  TransportError,
  UnknownOutcomeError,
  ValidationError,
  type AntomClientOptions,
} from '../../client/index.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { refusedUrl } from '../support/notification-receiver.js';
import { payRequest } from '../support/sandbox-harness.js';

let sandbox: RunningSandbox;
let proxy: FaultProxy;
const clients: AntomClient[] = [];

function clientFor(url: string, extra: Partial<AntomClientOptions> = {}): AntomClient {
  const client = new AntomClient({
    gatewayUrl: url,
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKey,
    antomPublicKey: sandbox.publicKey,
    sleep: async () => undefined,
    ...extra,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  proxy = await startFaultProxy(sandbox.url);
});
beforeEach(() => {
  proxy.faults.length = 0;
  proxy.calls.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await sandbox.close();
});

describe('AntomClient against a real sandbox', () => {
  it('pays: PAYMENT_IN_PROCESS with a normalUrl, then inquires the same payment', async () => {
    const client = clientFor(sandbox.url);
    const paid = await client.pay(payRequest() as never);
    expect(paid.result).toMatchObject({ resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U' });
    expect(paid.normalUrl).toMatch(/^http:\/\/localhost:\d+\//);
    const inquired = await client.inquiryPayment({ paymentId: paid.paymentId! });
    expect(inquired).toMatchObject({ result: { resultCode: 'SUCCESS' }, paymentStatus: 'PROCESSING', paymentId: paid.paymentId });
  });

  it('cancels before authorization, refunds after capture, and inquires the refund', async () => {
    const client = clientFor(sandbox.url);
    const first = await client.pay(payRequest() as never);
    expect((await client.cancel({ paymentId: first.paymentId! })).result.resultCode).toBe('SUCCESS');

    const second = await client.pay(payRequest() as never);
    await sandbox.control.authorize(second.paymentId!, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    await sandbox.control.advanceClock(1_000);
    const refund = await client.refund({ refundRequestId: `RF-${second.paymentId}`, paymentId: second.paymentId!, refundAmount: { currency: 'KRW', value: '1000' } });
    expect(refund).toMatchObject({ result: { resultStatus: 'S' }, refundAmount: { value: '1000' } });
    const inquiry = await client.inquiryRefund({ refundId: refund.refundId! });
    expect(inquiry.refundStatus).toBe('SUCCESS');
  });

  it('throws DeclinedError ORDER_STATUS_INVALID for a void after authorization', async () => {
    const client = clientFor(sandbox.url);
    const paid = await client.pay(payRequest() as never);
    await sandbox.control.authorize(paid.paymentId!, { outcome: 'approve' });
    const error = await client.cancel({ paymentId: paid.paymentId! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeclinedError);
    expect(error).toMatchObject({ resultCode: 'ORDER_STATUS_INVALID', resultStatus: 'F', api: 'cancel' });
  });

  it('throws DeclinedError for a repeated paymentRequestId with another amount, without retrying', async () => {
    const client = clientFor(proxy.url);
    const request = payRequest();
    await client.pay(request as never);
    const changed = { ...request, paymentAmount: { currency: 'KRW', value: '47000' }, order: { ...request.order, orderAmount: { currency: 'KRW', value: '47000' } } };
    const error = await client.pay(changed as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeclinedError);
    expect(error).toMatchObject({ resultCode: 'REPEAT_REQ_INCONSISTENT', resultStatus: 'F' });
    expect(proxy.calls).toHaveLength(2);
  });

  it('refuses a request that fails validation before sending it', async () => {
    const client = clientFor(proxy.url);
    const error = await client.pay(payRequest({ paymentRedirectUrl: 'not a url' }) as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('paymentRedirectUrl');
    expect(proxy.calls).toHaveLength(0);
  });

  it('reports a request signed with the wrong key as a request-side SignatureError', async () => {
    const client = clientFor(sandbox.url, { privateKey: (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    const error = await client.inquiryPayment({ paymentRequestId: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toMatchObject({ side: 'request', resultCode: 'INVALID_SIGNATURE' });
  });
});

describe('fails closed on a bad response signature', () => {
  for (const kind of ['tamperBody', 'wrongKey', 'noSignature'] as const) {
    it(`rejects a response with ${kind} and does not retry it`, async () => {
      const client = clientFor(proxy.url);
      proxy.faults.push({ kind });
      const error = await client.pay(payRequest() as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignatureError);
      expect(error).toMatchObject({ side: 'response', api: 'pay' });
      expect(proxy.calls).toHaveLength(1);
    });
  }
});

describe('retries', () => {
  it('retries a U result with the same paymentRequestId and gets the one payment the sandbox made', async () => {
    const attempts: string[] = [];
    const client = clientFor(proxy.url, { onAttempt: (a) => attempts.push(a.body) });
    proxy.faults.push({ kind: 'unknownAfterForward' });
    const request = payRequest();
    const paid = await client.pay(request as never);
    expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(proxy.calls.map((c) => c.fault)).toEqual(['unknownAfterForward', 'pass']);
    const ids = proxy.calls.map((c) => JSON.parse(c.body).paymentRequestId);
    expect(ids).toEqual([request.paymentRequestId, request.paymentRequestId]);
    expect(attempts[0]).toBe(attempts[1]);
    const payments = await sandbox.control.payments();
    expect(payments.filter((p) => p.paymentRequestId === request.paymentRequestId)).toHaveLength(1);
    expect(payments.find((p) => p.paymentRequestId === request.paymentRequestId)?.paymentId).toBe(paid.paymentId);
  });

  it('retries a dropped connection on an inquiry, then succeeds', async () => {
    const client = clientFor(proxy.url);
    const paid = await client.pay(payRequest() as never);
    proxy.faults.push({ kind: 'drop' }, { kind: 'drop' });
    const inquired = await client.inquiryPayment({ paymentId: paid.paymentId! });
    expect(inquired.paymentStatus).toBe('PROCESSING');
    expect(proxy.calls.map((c) => c.fault)).toEqual(['pass', 'drop', 'drop', 'pass']);
  });

  it('gives up after maxRetries with UnknownOutcomeError, waiting a jittered backoff between tries', async () => {
    const waits: number[] = [];
    const client = clientFor(proxy.url, { retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000 }, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
    proxy.faults.push({ kind: 'unknownAfterForward' }, { kind: 'unknownAfterForward' }, { kind: 'unknownAfterForward' });
    const error = await client.pay(payRequest() as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOutcomeError);
    expect(error).toMatchObject({ resultCode: 'UNKNOWN_EXCEPTION', resultStatus: 'U' });
    expect(proxy.calls).toHaveLength(3);
    expect(waits).toEqual([50, 100]);
  });

  it('raises TransportError when nothing listens, after its retries', async () => {
    const url = new URL(await refusedUrl()).origin;
    const attempts: number[] = [];
    const client = clientFor(url, { retry: { maxRetries: 1 }, onAttempt: (a) => attempts.push(a.attempt) });
    const error = await client.inquiryPayment({ paymentId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(attempts).toEqual([1, 2]);
  });

  it('does not retry when retry is false', async () => {
    const client = clientFor(proxy.url, { retry: false });
    proxy.faults.push({ kind: 'unknownAfterForward' });
    await expect(client.pay(payRequest() as never)).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(proxy.calls).toHaveLength(1);
  });
});

describe('with scenario rules from sandbox.use()', () => {
  it('retries a U injected by a rule and sends the same paymentRequestId twice', async () => {
    const bodies: string[] = [];
    const client = clientFor(sandbox.url, { onAttempt: (a) => bodies.push(a.body) });
    const request = payRequest();
    await sandbox.use({ match: { api: 'pay', paymentRequestId: `^${request.paymentRequestId}$` }, effect: { resultCode: 'UNKNOWN_EXCEPTION' }, times: 1 });
    const paid = await client.pay(request as never);
    expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('refuses a response the sandbox signs badly on purpose', async () => {
    const client = clientFor(sandbox.url);
    const request = payRequest();
    await sandbox.use({ match: { api: 'pay', paymentRequestId: `^${request.paymentRequestId}$` }, effect: { badSignature: true }, times: 1 });
    await expect(client.pay(request as never)).rejects.toMatchObject({ name: 'SignatureError', side: 'response' });
  });
});

describe('configuration', () => {
  it('times out a request that gets no answer (TransportError) and retries it with the same body', async () => {
    const bodies: string[] = [];
    const client = clientFor(sandbox.url, { timeouts: { requestMs: 300 }, retry: { maxRetries: 1 }, onAttempt: (a) => bodies.push(a.body) });
    const id = `NA-${Date.now()}`;
    await sandbox.use({ match: { api: 'inquiryPayment' }, effect: { noAnswer: true }, times: 2 });
    const error = await client.inquiryPayment({ paymentRequestId: id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(bodies).toEqual([JSON.stringify({ paymentRequestId: id }), JSON.stringify({ paymentRequestId: id })]);
  });

  it('treats an HTTP 503 as a transport failure and retries it', async () => {
    const client = clientFor(sandbox.url);
    const paid = await client.pay(payRequest() as never);
    await sandbox.use({ match: { api: 'inquiryPayment' }, effect: { httpStatus: 503 }, times: 1 });
    expect((await client.inquiryPayment({ paymentId: paid.paymentId! })).paymentStatus).toBe('PROCESSING');
  });

  it('takes keys as bare base64 (PKCS#1 private, SPKI public) and uses the live /ams/api paths when asked', async () => {
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    const privateKey = createPrivateKey(sandbox.demoMerchant.privateKey).export({ format: 'der', type: 'pkcs1' }).toString('base64');
    const antomPublicKey = createPublicKey(sandbox.publicKey).export({ format: 'der', type: 'spki' }).toString('base64');
    const client = clientFor(proxy.url, { privateKey, antomPublicKey, sandboxPaths: false });
    const paid = await client.pay(payRequest() as never);
    expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(proxy.calls[0]!.path).toBe('/ams/api/v1/payments/pay');
  });

  it('refuses a gateway URL that is not a URL', () => {
    expect(() => clientFor('localhost:4180')).toThrow(ValidationError);
  });
});
