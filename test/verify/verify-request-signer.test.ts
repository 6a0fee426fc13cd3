import { describe, expect, it } from 'vitest';
import { createRequestSigner, type ProxiedRequest } from '../../emulator/verify/verify-request-signer.js';
import { DEMO_CLIENT_ID, demoMerchantPrivateKey, demoMerchantPublicPem } from '../support/keys.js';
import { createPublicKey, verify } from 'node:crypto';

const publicKey = createPublicKey(demoMerchantPublicPem);
const signer = createRequestSigner({ clientId: DEMO_CLIENT_ID, privateKey: demoMerchantPrivateKey, now: () => 1764586800000 });

function filter(req: Partial<ProxiedRequest>): ProxiedRequest {
  const request = { method: 'POST', headers: {}, ...req } as ProxiedRequest;
  let called = 0;
  signer(request, undefined, () => (called += 1));
  expect(called).toBe(1);
  return request;
}

/** Checks the header independently of protocol/: decode, rebuild the signed text, RSA-verify. */
function verifies(req: ProxiedRequest, path: string, body: string): boolean {
  const header = String(req.headers.signature);
  const signature = decodeURIComponent(/signature=([^,]+)$/.exec(header)![1]!);
  const text = `POST ${path}\n${req.headers['client-id']}.${req.headers['request-time']}.${body}`;
  return verify('sha256', Buffer.from(text), publicKey, Buffer.from(signature, 'base64'));
}

describe('createRequestSigner (the verify run re-signs replayed requests)', () => {
  it('signs the JSON the proxy forwards, over the path without the query', () => {
    const body = { paymentId: '2026120119000001', nested: { a: 1 } };
    const req = filter({ originalUrl: '/ams/sandbox/api/v1/payments/inquiryPayment?x=1', url: '/x', body, headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=c2ln', 'client-id': 'OTHER' } });
    expect(req.headers['client-id']).toBe(DEMO_CLIENT_ID);
    expect(req.headers['request-time']).toBe('1764586800000');
    expect(req.headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
    expect(verifies(req, '/ams/sandbox/api/v1/payments/inquiryPayment', JSON.stringify(body))).toBe(true);
    expect(req.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
  });

  it('signs a raw buffer body byte for byte', () => {
    const raw = Buffer.from('{ "pretty": "printed",\n  "won": "46000" }');
    const req = filter({ originalUrl: '/ams/api/v1/payments/pay', body: raw });
    expect(verifies(req, '/ams/api/v1/payments/pay', raw.toString())).toBe(true);
    expect(verifies(req, '/ams/api/v1/payments/pay', JSON.stringify(JSON.parse(raw.toString())))).toBe(false);
  });

  it('signs an absolute-form target over its path (protocol §2)', () => {
    const body = { paymentRequestId: 'PR-1' };
    const req = filter({ originalUrl: 'https://127.0.0.1/ams/sandbox/api/v1/payments/pay?x=1', body });
    expect(verifies(req, '/ams/sandbox/api/v1/payments/pay', JSON.stringify(body))).toBe(true);
    expect(verifies(req, 'https://127.0.0.1/ams/sandbox/api/v1/payments/pay', JSON.stringify(body))).toBe(false);
  });

  it('leaves provider-state and message calls alone', () => {
    const req = filter({ originalUrl: '/_pactSetup', body: { state: 'a payment in process' } });
    expect(req.headers.signature).toBeUndefined();
    expect(req.headers['client-id']).toBeUndefined();
  });
});
