import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLikeAnSdk } from '../support/independent-verifier.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** protocol §2: a merchant's public key is accepted in every form a merchant holds it. */
describe('registering a merchant public key in any form', () => {
  let sandbox: TestSandbox;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const wrap = (base64: string) => base64.replace(/(.{64})/g, '$1\n');
  const forms: Array<[string, (key: KeyObject) => string]> = [
    ['SPKI PEM', (k) => k.export({ format: 'pem', type: 'spki' }).toString()],
    ['SPKI bare base64', (k) => k.export({ format: 'der', type: 'spki' }).toString('base64')],
    ['SPKI base64 wrapped at 64 columns', (k) => wrap(k.export({ format: 'der', type: 'spki' }).toString('base64'))],
    ['PKCS#1 PEM (BEGIN RSA PUBLIC KEY)', (k) => k.export({ format: 'pem', type: 'pkcs1' }).toString()],
    ['PKCS#1 bare base64', (k) => k.export({ format: 'der', type: 'pkcs1' }).toString('base64')],
  ];

  it.each(forms)('%s: registers, and a pay signed with the private half is VALID', async (form, exportKey) => {
    const clientId = `KEYFORM_${form.replace(/\W+/g, '_')}`;
    const registered = await sandbox.control('POST', '/merchants', { clientId, publicKey: exportKey(publicKey) });
    expect(registered.status).toBe(201);
    expect(registered.body.publicKeyPem).toBe(publicKey.export({ format: 'pem', type: 'spki' }));

    const body = JSON.stringify(payRequest());
    const time = String(Date.now());
    const path = '/ams/api/v1/payments/pay';
    const signature = signLikeAnSdk({ path, clientId, time, body, privateKey });
    const pay = await sandbox.call('pay', undefined, { rawBody: body, clientId, time, headers: { signature } });
    expect(pay.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    // and a different key is still refused for that client id
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = await sandbox.call('pay', undefined, { rawBody: body, clientId, time, headers: { signature: signLikeAnSdk({ path, clientId, time, body, privateKey: other }) } });
    expect(forged.body.result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('refuses text that is no key with a control error saying what a key must be', async () => {
    const response = await sandbox.control('POST', '/merchants', { clientId: 'KEYFORM_BAD', publicKey: 'not a key' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'BAD_KEY', message: expect.stringMatching(/SPKI or PKCS#1 RSA public key/) });
  });
});
