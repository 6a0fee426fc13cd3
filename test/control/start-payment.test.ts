import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { effectName } from '../../emulator/domain/magic-amount-names.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { sandboxPublicKey } from '../support/keys.js';
import type { NotificationReceiver } from '../support/notification-receiver.js';
import { withSandboxAndReceiver, type TestSandbox } from '../support/sandbox-harness.js';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateBase64Pkcs1: privateKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  };
}

describe('starting a payment from the control page: POST /_sandbox/api/payments', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  withSandboxAndReceiver((s, r) => {
    sandbox = s;
    receiver = r;
  });

  it('the demo merchant can start payments; no merchant view shows a private key', async () => {
    const { body } = await sandbox.control('GET', '/merchants');
    expect(body.merchants).toEqual([expect.objectContaining({ clientId: 'SANDBOX_DEMO_MERCHANT', canStartPayments: true })]);
    expect(JSON.stringify(body)).not.toMatch(/PRIVATE KEY/);
  });

  it('signs a real pay as the merchant, sends it to the Antom API, verifies the answer, and the journal shows it VALID', async () => {
    const started = await sandbox.control('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '46000', cardBrand: 'kb', notifyUrl: receiver.url, referenceOrderId: 'QA-ORDER-1' });
    expect(started.status).toBe(201);
    const { request, response, paymentId, normalUrl, verified } = started.body;
    expect(request.path).toBe('/ams/sandbox/api/v1/payments/pay');
    expect(request.headers).toMatchObject({ 'client-id': 'SANDBOX_DEMO_MERCHANT', 'request-time': expect.stringMatching(/^\d+$/), signature: expect.stringMatching(/^algorithm=RSA256,keyVersion=1,signature=/) });
    expect(request.body).toMatchObject({
      productCode: 'CASHIER_PAYMENT',
      paymentAmount: { currency: 'KRW', value: '46000' },
      order: { referenceOrderId: 'QA-ORDER-1' },
      paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { selectedCardBrand: 'KOOKMIN' } },
      paymentNotifyUrl: receiver.url,
    });
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(verified).toEqual({ ok: true });
    // the answer really was signed by the sandbox: an independent verifier agrees
    expect(verifyLikeAnSdk({ method: 'POST', path: request.path, headers: response.headers, body: JSON.stringify(response.body), publicKey: sandboxPublicKey }).ok).toBe(true);
    expect(paymentId).toBe(response.body.paymentId);
    expect(normalUrl).toContain('/checkout-page/');
    expect(normalUrl).toBe(response.body.normalUrl);

    const [entry] = (await sandbox.control('GET', '/requests?limit=1')).body.requests;
    expect(entry).toMatchObject({ api: 'pay', verdict: 'VALID', clientId: 'SANDBOX_DEMO_MERCHANT', resultCode: 'PAYMENT_IN_PROCESS' });
    expect(JSON.parse(entry.requestBody).paymentRequestId).toBe(request.body.paymentRequestId);

    const payment = (await sandbox.control('GET', `/payments/${paymentId}`)).body;
    expect(payment).toMatchObject({ status: 'PROCESSING', selectedCardBrand: 'KOOKMIN', notifyUrl: receiver.url, referenceOrderId: 'QA-ORDER-1' });
  });

  it('without a brand the buyer gets the brand page', async () => {
    const started = await sandbox.control('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '1000' });
    expect(started.body.request.body.paymentMethod.paymentMethodMetaData).not.toHaveProperty('selectedCardBrand');
    const payment = (await sandbox.control('GET', `/payments/${started.body.paymentId}`)).body;
    expect(payment.selectedCardBrand).toBeNull();
  });

  it('a pay-level magic amount answers with the failure and no payment', async () => {
    const started = await sandbox.control('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '11' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ paymentId: null, normalUrl: null, response: { body: { result: { resultCode: 'RISK_REJECT' } } } });
  });

  it('a pay that never answers (a scenario drops the connection) is a 502 that says why', async () => {
    const rule = await sandbox.control('POST', '/scenarios', { match: { api: 'pay', amount: '4242' }, effect: { dropConnection: true }, times: 1 });
    const answer = await sandbox.control('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '4242' });
    expect(answer.status).toBe(502);
    expect(answer.body.error).toMatchObject({ code: 'NO_ANSWER', message: expect.stringContaining('did not answer') });
    const [entry] = (await sandbox.control('GET', '/requests?limit=1')).body.requests;
    expect(entry).toMatchObject({ api: 'pay', fault: 'dropConnection', httpStatus: null });
    expect((await sandbox.control('GET', '/scenarios')).body.rules.find((r: { id: string }) => r.id === rule.body.id).used).toBe(1);
  });

  it('a merchant registered with its private key (PKCS#1 base64) can start payments; a mismatched key is refused', async () => {
    const own = keyPair();
    const other = keyPair();
    const refused = await sandbox.control('POST', '/merchants', { clientId: 'QA_SHOP', publicKey: own.publicPem, privateKey: other.privatePem });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^privateKey: /);
    const bad = await sandbox.control('POST', '/merchants', { clientId: 'QA_SHOP', publicKey: own.publicPem, privateKey: 'not a key' });
    expect(bad.status).toBe(400);

    const plain = await sandbox.control('POST', '/merchants', { clientId: 'QA_SHOP', publicKey: own.publicPem });
    expect(plain.body.canStartPayments).toBe(false);
    const without = await sandbox.control('POST', '/payments', { clientId: 'QA_SHOP', amount: '1000' });
    expect(without.status).toBe(409);
    expect(without.body.error).toMatchObject({ code: 'NO_PRIVATE_KEY', message: expect.stringContaining('privateKey') });

    const registered = await sandbox.control('POST', '/merchants', { clientId: 'QA_SHOP', publicKey: own.publicPem, privateKey: own.privateBase64Pkcs1 });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ clientId: 'QA_SHOP', canStartPayments: true });
    expect(registered.body).not.toHaveProperty('privateKey');
    const started = await sandbox.control('POST', '/payments', { clientId: 'QA_SHOP', amount: '2500' });
    expect(started.status).toBe(201);
    expect(started.body.request.path).toBe('/ams/api/v1/payments/pay');
    expect(started.body.verified.ok).toBe(true);
  });

  it('bad input answers 400 naming the field; an unknown merchant 404', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ clientId: 'SANDBOX_DEMO_MERCHANT', amount: '12.5' }, 'amount'],
      [{ clientId: 'SANDBOX_DEMO_MERCHANT', amount: 100 }, 'amount'],
      [{ clientId: 'SANDBOX_DEMO_MERCHANT', amount: '100', cardBrand: 'VISA' }, 'cardBrand'],
      [{ clientId: 'SANDBOX_DEMO_MERCHANT', amount: '100', notifyUrl: 'ftp://x' }, 'notifyUrl'],
      [{ amount: '100' }, 'clientId'],
    ];
    for (const [body, field] of cases) {
      const answer = await sandbox.control('POST', '/payments', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.message).toMatch(new RegExp(`^${field}:`));
    }
    expect((await sandbox.control('POST', '/payments', { clientId: 'NOBODY', amount: '100' })).status).toBe(404);
  });

  it('GET /magic-amounts names each amount in English and Korean and says which start a payment', async () => {
    const { body } = await sandbox.control('GET', '/magic-amounts');
    expect(body.currency).toBe('KRW');
    const byAmount = Object.fromEntries(body.amounts.map((a: { amount: string }) => [a.amount, a]));
    expect(byAmount['5051']).toMatchObject({ name: { en: 'issuer declines USER_BALANCE_NOT_ENOUGH', ko: '카드사 거절 USER_BALANCE_NOT_ENOUGH' }, startsPayment: true });
    expect(byAmount['11']).toMatchObject({ name: { en: 'answers RISK_REJECT' }, startsPayment: false });
    expect(byAmount['9999'].startsPayment).toBe(false);
    expect(byAmount['9009'].name.en).toBe('answers UNKNOWN_EXCEPTION once, then succeeds');
  });
});

describe('effectName', () => {
  it.each([
    [{ authorization: { outcome: 'decline', resultCode: 'DO_NOT_HONOR' } }, 'issuer declines DO_NOT_HONOR', '카드사 거절 DO_NOT_HONOR'],
    [{ authorization: { outcome: 'abandon' } }, 'buyer abandons; the payment expires', '구매자 이탈, 결제 만료'],
    [{ capture: { outcome: 'fail', resultCode: 'PROCESS_FAIL' } }, 'capture fails PROCESS_FAIL', '매입 실패 PROCESS_FAIL'],
    [{ notification: { delayMs: 300_000 } }, 'notifications delayed 5 min', '알림 5분 지연'],
    [{ notification: { failFirst: 2 } }, 'first 2 notification deliveries fail', '알림 처음 2회 전송 실패'],
    [{ noAnswer: true }, 'pay never answers', 'pay 무응답'],
    [{ httpStatus: 503, latencyMs: 200 }, 'gateway answers HTTP 503, answers after 200 ms', '게이트웨이 HTTP 503 응답, 200 ms 지연 응답'],
    [{}, 'no effect', '효과 없음'],
  ])('%j', (effect, en, ko) => {
    expect(effectName(effect as never)).toEqual({ en, ko });
  });
});

describe('starting a payment with --tls', () => {
  it('the self-call trusts the certificate the sandbox serves, and the answer verifies', async () => {
    const { startSandbox } = await import('../../emulator/index.js');
    const sandbox = await startSandbox({ tls: true });
    try {
      const started = await sandbox.control.call<{ request: { url: string }; verified: { ok: boolean }; paymentId: string; normalUrl: string }>('POST', '/payments', { clientId: 'SANDBOX_DEMO_MERCHANT', amount: '46000', cardBrand: 'HYUNDAI' });
      expect(started.request.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/ams\/sandbox\/api\/v1\/payments\/pay$/);
      expect(started.verified).toEqual({ ok: true });
      expect(started.normalUrl).toMatch(/^https:\/\/localhost:\d+\/checkout-page\/pages\/issuer\/hyundai\//);
    } finally {
      await sandbox.close();
    }
  });
});
