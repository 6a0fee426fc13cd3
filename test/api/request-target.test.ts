import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import { signLikeAnSdk, verifyLikeAnSdk } from '../support/independent-verifier.js';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, sandboxPublicKey } from '../support/keys.js';
import { payRequest } from '../support/sandbox-harness.js';
import { rawRequest } from '../support/sdk-raw-http.js';

/**
 * protocol §2: whatever form the request target takes on the request line, the request is
 * verified and the response signed over its path. Written on a bare socket (net/tls), so no
 * HTTP client normalises the line first.
 */
const PREFIXES = ['/ams/api', '/ams/sandbox/api'] as const;

/** `signed` is written out by hand here, not derived with the function under test */
/** `{port}` stands for the sandbox's real port, known only once it listens */
function targetsFor(prefix: string) {
  const pay = `${prefix}/v1/payments/pay`;
  return [
    { form: 'origin form', target: pay, signed: pay },
    { form: 'origin form with a query', target: `${pay}?lang=ko`, signed: pay },
    { form: 'absolute https without a port (Python SDK)', target: `https://127.0.0.1${pay}`, signed: pay },
    { form: 'absolute https with :443', target: `https://localhost:443${pay}`, signed: pay },
    { form: 'absolute http with the real port and a query', target: `http://127.0.0.1:{port}${pay}?a=1&b=2`, signed: pay },
    { form: 'leading //', target: `/${pay}`, signed: `/${pay}` },
    { form: '// inside the path', target: `${prefix}/v1//payments/pay`, signed: `${prefix}/v1//payments/pay` },
    { form: 'absolute form with //', target: `https://127.0.0.1/${pay}`, signed: `/${pay}` },
    { form: 'a percent-escape', target: `${prefix}/v1/payments/p%61y`, signed: `${prefix}/v1/payments/p%61y` },
  ];
}

for (const tls of [false, true]) {
  describe(`request targets over a raw ${tls ? 'TLS' : 'TCP'} socket (${tls ? '--tls' : 'plain HTTP'})`, () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ tls });
    });
    afterAll(() => sandbox.close());

    const send = (target: string, signedOver: string) => {
      const body = JSON.stringify(payRequest());
      const time = String(Date.now());
      return rawRequest({
        origin: sandbox.url,
        ...(sandbox.certificate ? { ca: sandbox.certificate } : {}),
        target,
        headers: [
          ['Content-Type', 'application/json; charset=UTF-8'],
          ['client-id', DEMO_CLIENT_ID],
          ['Request-Time', time],
          ['Signature', signLikeAnSdk({ path: signedOver, clientId: DEMO_CLIENT_ID, time, body, privateKey: demoMerchantPrivateKey })],
        ],
        body,
      });
    };

    for (const prefix of PREFIXES) {
      it.each(targetsFor(prefix))(`${prefix}: $form is VALID and its answer verifies over $signed`, async ({ target, signed }) => {
        const response = await send(target.replace('{port}', new URL(sandbox.url).port), signed);
        expect(response.status).toBe(200);
        expect(JSON.parse(response.body).result.resultCode).toBe('PAYMENT_IN_PROCESS');
        const headers = Object.fromEntries(response.headerLines);
        expect(verifyLikeAnSdk({ method: 'POST', path: signed, headers, body: response.body, publicKey: sandboxPublicKey })).toEqual({ ok: true });
        const { requests } = await sandbox.control.call<{ requests: Array<Record<string, unknown>> }>('GET', '/requests?limit=1');
        expect(requests[0]).toMatchObject({ path: signed, api: 'pay', verdict: 'VALID' });
      });
    }

    it('an absolute-form pay signed over the full URL is INVALID, and the journal shows the path it expected', async () => {
      const target = 'https://127.0.0.1/ams/sandbox/api/v1/payments/pay';
      const response = await send(target, target);
      expect(JSON.parse(response.body).result).toMatchObject({ resultCode: 'INVALID_SIGNATURE', resultStatus: 'F' });
      // even the error answer is signed over the path, so the SDK can read it
      expect(verifyLikeAnSdk({ method: 'POST', path: '/ams/sandbox/api/v1/payments/pay', headers: Object.fromEntries(response.headerLines), body: response.body, publicKey: sandboxPublicKey })).toEqual({ ok: true });
      const { requests } = await sandbox.control.call<{ requests: Array<Record<string, string>> }>('GET', '/requests?limit=1');
      expect(requests[0]!.path).toBe('/ams/sandbox/api/v1/payments/pay');
      expect(requests[0]!.expectedSignedText).toMatch(/^POST \/ams\/sandbox\/api\/v1\/payments\/pay\nSANDBOX_DEMO_MERCHANT\./);
    });

    it('an absolute-form target on an unknown path answers NO_INTERFACE_DEF naming the path, not the URL', async () => {
      const response = await send('https://127.0.0.1/ams/sandbox/api/v1/payments/nothing?x=1', '/ams/sandbox/api/v1/payments/nothing');
      const result = JSON.parse(response.body).result;
      expect(result.resultCode).toBe('NO_INTERFACE_DEF');
      expect(result.resultMessage).toContain('/ams/sandbox/api/v1/payments/nothing.');
      expect(result.resultMessage).not.toContain('127.0.0.1');
    });
  });
}

describe('rate limiting and scenario matching see the absolute form as the API it names', () => {
  const absolute = (api: string) => `https://127.0.0.1/ams/sandbox/api/v1/payments/${api}`;
  const signedSend = (sandbox: RunningSandbox, target: string, path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const time = String(Date.now());
    return rawRequest({
      origin: sandbox.url,
      target,
      headers: [
        ['Content-Type', 'application/json; charset=UTF-8'],
        ['client-id', DEMO_CLIENT_ID],
        ['request-time', time],
        ['signature', signLikeAnSdk({ path, clientId: DEMO_CLIENT_ID, time, body: text, privateKey: demoMerchantPrivateKey })],
      ],
      body: text,
    }).then((response) => JSON.parse(response.body).result.resultCode as string);
  };

  it('a scenario rule for api "pay" fires on an absolute-form pay', async () => {
    const sandbox = await startSandbox();
    try {
      await sandbox.use({ match: { api: 'pay' }, effect: { resultCode: 'PROCESS_FAIL' }, times: 1 });
      expect(await signedSend(sandbox, absolute('pay'), '/ams/sandbox/api/v1/payments/pay', payRequest())).toBe('PROCESS_FAIL');
      expect(await signedSend(sandbox, absolute('pay'), '/ams/sandbox/api/v1/payments/pay', payRequest())).toBe('PAYMENT_IN_PROCESS');
    } finally {
      await sandbox.close();
    }
  });

  it('origin-form and absolute-form calls of one client share its --rate-limit budget', async () => {
    const sandbox = await startSandbox({ rateLimitPerSecond: 2 });
    try {
      const path = '/ams/sandbox/api/v1/payments/pay';
      expect(await signedSend(sandbox, path, path, payRequest())).toBe('PAYMENT_IN_PROCESS');
      expect(await signedSend(sandbox, absolute('pay'), path, payRequest())).toBe('PAYMENT_IN_PROCESS');
      expect(await signedSend(sandbox, `https://localhost:443${path}?again=1`, path, payRequest())).toBe('REQUEST_TRAFFIC_EXCEED_LIMIT');
    } finally {
      await sandbox.close();
    }
  });
});
