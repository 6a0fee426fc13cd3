import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import { generateSelfSignedCertificate } from '../../emulator/tls/self-signed.js';
import { payRequest } from '../support/sandbox-harness.js';
import { SdkWireClient } from '../support/sdk-client.js';
import { SDK_PROFILES } from '../support/sdk-profiles.js';
import { pythonHttpClient } from '../support/sdk-python-http.js';

/**
 * The Python profile with Python's own http.client on the wire (not a socket written by hand):
 * the request line it really writes for a full URL, and the header names it really hands the SDK.
 */
const python = SDK_PROFILES.find((p) => p.sdk === 'Python')!;
const keysDir = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');

describe('the Python profile through python3 http.client', () => {
  let sandbox: RunningSandbox;
  let sdk: SdkWireClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ tls: true });
    sdk = new SdkWireClient(python, {
      origin: sandbox.url,
      clientId: sandbox.demoMerchant.clientId,
      merchantPrivateKey: readFileSync(join(keysDir, 'demo-merchant-private-pkcs1.base64'), 'utf8').trim(),
      antomPublicKey: (await sandbox.control.keys()).publicKeyBase64,
      transport: pythonHttpClient,
    });
  });
  afterAll(() => sandbox.close());

  it('http.client writes the full URL on the request line (absolute form), as the profile says', async () => {
    const { cert, key } = generateSelfSignedCertificate({ now: new Date() });
    const targets: string[] = [];
    const server = createServer({ cert, key }, (req, res) => {
      targets.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await pythonHttpClient({ origin: `https://127.0.0.1:${port}`, target: 'https://127.0.0.1/ams/sandbox/api/v1/payments/pay', headers: [['client-id', 'X']], body: '{}' });
      expect(answer.status).toBe(200);
      expect(targets).toEqual(['https://127.0.0.1/ams/sandbox/api/v1/payments/pay']);
    } finally {
      server.close();
    }
  });

  it('pay, inquiryPayment and cancel: VALID over the path, answers verified with the exact lower-case names getheaders() returns', async () => {
    const pay = await sdk.execute('pay', payRequest({ order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'O-PY', orderDescription: '제주 녹차 세트' } }));
    expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const { requests } = await sandbox.control.call<{ requests: Array<Record<string, unknown>> }>('GET', '/requests?limit=1');
    expect(requests[0]).toMatchObject({ path: '/ams/sandbox/api/v1/payments/pay', verdict: 'VALID' });
    const inquiry = await sdk.execute('inquiryPayment', { paymentId: pay.body.paymentId });
    expect(inquiry.body.paymentStatus).toBe('PROCESSING');
    const cancel = await sdk.execute('cancel', { paymentId: pay.body.paymentId });
    expect(cancel.body.result.resultCode).toBe('SUCCESS');
  });
});
