import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoMerchantKeysText } from '../../emulator/keys-command.js';
import { loadPrivateKey, loadPublicKey, privateKeyForms } from '../../protocol/index.js';

const keysDir = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');
const read = (name: string) => readFileSync(join(keysDir, name), 'utf8');
/** a key's identity: its PKCS#8 DER, read with node:crypto alone */
const der = (key: ReturnType<typeof createPrivateKey>) => key.export({ format: 'der', type: 'pkcs8' }).toString('hex');

describe('the demo merchant key in every form (fixtures/keys/)', () => {
  const original = createPrivateKey(read('demo-merchant-private.pem'));

  it.each([
    ['demo-merchant-private-pkcs1.pem', () => createPrivateKey(read('demo-merchant-private-pkcs1.pem'))],
    ['demo-merchant-private-pkcs8.base64', () => createPrivateKey({ key: Buffer.from(read('demo-merchant-private-pkcs8.base64'), 'base64'), format: 'der', type: 'pkcs8' })],
    ['demo-merchant-private-pkcs1.base64', () => createPrivateKey({ key: Buffer.from(read('demo-merchant-private-pkcs1.base64'), 'base64'), format: 'der', type: 'pkcs1' })],
  ])('%s is the same key as demo-merchant-private.pem', (_name, load) => {
    expect(der(load())).toBe(der(original));
  });

  it('the PEM files say which form they are, and the base64 files are bare', () => {
    expect(read('demo-merchant-private.pem')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(read('demo-merchant-private-pkcs1.pem')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    for (const name of ['demo-merchant-private-pkcs8.base64', 'demo-merchant-private-pkcs1.base64', 'demo-merchant-public.base64', 'sandbox-public.base64']) {
      expect(read(name)).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    }
  });

  it('the public base64 files are the SPKI of the matching PEM', () => {
    for (const [base64, pem] of [['demo-merchant-public.base64', 'demo-merchant-public.pem'], ['sandbox-public.base64', 'sandbox-public.pem']] as const) {
      const fromBase64 = createPublicKey({ key: Buffer.from(read(base64), 'base64'), format: 'der', type: 'spki' });
      expect(fromBase64.export({ format: 'pem', type: 'spki' })).toBe(read(pem));
    }
    expect(createPublicKey(original).export({ format: 'pem', type: 'spki' })).toBe(read('demo-merchant-public.pem'));
  });

  it('privateKeyForms writes exactly the fixture files, and loadPrivateKey reads each of them back', () => {
    const forms = privateKeyForms(loadPrivateKey(read('demo-merchant-private.pem')));
    expect(forms.pkcs8Pem).toBe(read('demo-merchant-private.pem'));
    expect(forms.pkcs1Pem).toBe(read('demo-merchant-private-pkcs1.pem'));
    expect(`${forms.pkcs8Base64}\n`).toBe(read('demo-merchant-private-pkcs8.base64'));
    expect(`${forms.pkcs1Base64}\n`).toBe(read('demo-merchant-private-pkcs1.base64'));
    for (const text of Object.values(forms)) expect(der(loadPrivateKey(text))).toBe(der(original));
    expect(() => privateKeyForms(loadPublicKey(read('demo-merchant-public.pem')))).toThrow(/private/);
  });

  it('`antom-sandbox keys` prints each form under the SDKs that want it', () => {
    const lines = demoMerchantKeysText().split('\n');
    const after = (label: RegExp) => lines[lines.findIndex((line) => label.test(line)) + 1];
    expect(after(/PKCS#8, bare base64 \(Java, Go, \.NET/)).toBe(read('demo-merchant-private-pkcs8.base64').trim());
    expect(after(/PKCS#1, bare base64 \(Python, PHP/)).toBe(read('demo-merchant-private-pkcs1.base64').trim());
    expect(after(/PKCS#1 PEM/)).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(lines).toContain(read('demo-merchant-public.base64').trim());
  });
});
