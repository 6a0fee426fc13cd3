import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildSignedText,
  exportPublicKey,
  formatSignatureHeader,
  loadPrivateKey,
  loadPublicKey,
  parseSignatureHeader,
  signText,
  verifyText,
  verifyTextAsync,
} from '../../protocol/index.js';
import { demoMerchantPrivatePem, demoMerchantPublicPem } from '../support/keys.js';
import { signLikeAnSdk } from '../support/independent-verifier.js';

describe('signing (protocol §2)', () => {
  const privateKey = loadPrivateKey(demoMerchantPrivatePem);
  const publicKey = loadPublicKey(demoMerchantPublicPem);

  it('builds "<METHOD> <path>\\n<client-id>.<time>.<body>" from raw bytes', () => {
    const text = buildSignedText({ method: 'post', path: '/ams/api/v1/payments/pay', clientId: 'C', time: '1685599933871', body: '{\n  "a": 1\n}' });
    expect(text.toString('utf8')).toBe('POST /ams/api/v1/payments/pay\nC.1685599933871.{\n  "a": 1\n}');
  });

  it('verifies what an SDK-like signer produced, and rejects a changed body', () => {
    const header = signLikeAnSdk({ path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국"}', privateKey });
    const { signature } = parseSignatureHeader(header);
    expect(verifyText(buildSignedText({ method: 'POST', path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국"}' }), signature, publicKey)).toBe(true);
    expect(verifyText(buildSignedText({ method: 'POST', path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국" }' }), signature, publicKey)).toBe(false);
  });

  it('verifies on the thread pool with the same answers as on the event loop', async () => {
    const text = buildSignedText({ method: 'POST', path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국"}' });
    const { signature } = parseSignatureHeader(signLikeAnSdk({ path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국"}', privateKey }));
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const changed = buildSignedText({ method: 'POST', path: '/p', clientId: 'C', time: 'T', body: '{"x":"한국" }' });
    const cases: Array<[Buffer, string, typeof publicKey]> = [
      [text, signature, publicKey],
      [changed, signature, publicKey],
      [text, signature, other],
      [text, '', publicKey],
      [text, 'bm90IGEgc2lnbmF0dXJl', publicKey],
      [text, '%%%not base64%%%', publicKey],
    ];
    const answers = await Promise.all(cases.map(([t, s, k]) => verifyTextAsync(t, s, k)));
    expect(answers).toEqual([true, false, false, false, false, false]);
    expect(answers).toEqual(cases.map(([t, s, k]) => verifyText(t, s, k)));
  });

  it('writes the header in the order the Java SDK reads, URL-encoded', () => {
    const signature = signText(Buffer.from('x'), privateKey);
    const header = formatSignatureHeader(signature);
    expect(header.split(',')).toHaveLength(3);
    expect(header.split(',')[0]).toBe('algorithm=RSA256');
    expect(header.split(',')[1]).toBe('keyVersion=1');
    expect(header.split(',')[2]).toBe(`signature=${encodeURIComponent(signature)}`);
    expect(header.split(',')[2]!.slice('signature='.length)).not.toMatch(/[+/=]/);
  });

  it.each([
    ['spaces after commas', (s: string) => `algorithm=RSA256, keyVersion=1, signature=${encodeURIComponent(s)}`],
    ['keys in another order and case', (s: string) => `Signature=${encodeURIComponent(s)},KEYVERSION=1,Algorithm=RSA256`],
    ['lower-case percent escapes', (s: string) => `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
    ['no URL-encoding at all', (s: string) => `algorithm=RSA256,keyVersion=1,signature=${s}`],
  ])('parses the header tolerantly: %s', (_name, make) => {
    const signature = signText(Buffer.from('payload'), privateKey);
    expect(parseSignatureHeader(make(signature)).signature).toBe(signature);
  });

  it('refuses a header without a signature item or with another algorithm', () => {
    expect(() => parseSignatureHeader('algorithm=RSA256,keyVersion=1')).toThrow(/signature=/);
    expect(() => parseSignatureHeader('algorithm=HS256,signature=abc')).toThrow(/RSA256/);
  });
});

describe('key loading in every form merchants hold', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forms = {
    pkcs8Pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    pkcs1Pem: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    pkcs8Base64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    pkcs1Base64: privateKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  };
  const publicForms = {
    spkiPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    pkcs1Pem: publicKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    spkiBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    pkcs1Base64: publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
  };
  const data = Buffer.from('signed text');

  it.each(Object.entries(forms))('loads a private key as %s and signs with it', (_name, text) => {
    const signature = signText(data, loadPrivateKey(text));
    expect(verifyText(data, signature, publicKey)).toBe(true);
  });

  it.each(Object.entries(publicForms))('loads a public key as %s and verifies with it', (_name, text) => {
    const signature = signText(data, privateKey);
    expect(verifyText(data, signature, loadPublicKey(text))).toBe(true);
  });

  it('exports the public key as PEM and bare base64', () => {
    const exported = exportPublicKey(publicKey);
    expect(exported.pem).toContain('BEGIN PUBLIC KEY');
    expect(exported.base64).toBe(publicForms.spkiBase64);
  });

  it('rejects text that is no key with a sentence', () => {
    expect(() => loadPrivateKey('not a key!')).toThrow(/PEM or bare base64/);
    expect(() => loadPublicKey('QUJD')).toThrow(/SPKI/);
  });
});
