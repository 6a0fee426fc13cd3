import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPublicKey, loadPrivateKey, privateKeyForms } from '../protocol/index.js';
import { buildSandbox } from './app.js';
import { parseCliOptions } from './cli-options.js';
import { FIXTURES_DIR } from './package-root.js';

/**
 * `antom-sandbox keys`: the sandbox public key (PEM, then bare base64: "Antom's public key" in
 * every SDK), then the demo merchant's keys in each form an official SDK wants (protocol §2).
 */
export async function runKeysCommand(argv: string[]): Promise<number> {
  const config = parseCliOptions(argv, process.env);
  const app = await buildSandbox({ ...config, data: ':memory:', logLevel: 'silent' });
  const { publicKeyPem, publicKeyBase64 } = app.sandbox.signer;
  await app.close();
  console.log(publicKeyPem.trim());
  console.log('');
  console.log(publicKeyBase64);
  console.log('');
  console.log(demoMerchantKeysText());
  return 0;
}

/** The demo merchant's key pair (test-only, fixtures/keys/), labelled by the SDKs that read each form. */
export function demoMerchantKeysText(): string {
  const privateKey = loadPrivateKey(readFileSync(join(FIXTURES_DIR, 'keys', 'demo-merchant-private.pem'), 'utf8'));
  const forms = privateKeyForms(privateKey);
  const publicKey = exportPublicKey(privateKey);
  return [
    '# The lines above: the sandbox public key, PEM then bare base64 (SPKI). Every SDK takes the base64',
    '# line as "Antom public key" (alipayPublicKey).',
    '#',
    '# The demo merchant SANDBOX_DEMO_MERCHANT, known to every sandbox. TEST ONLY: its private key is public.',
    '# merchantPrivateKey, PKCS#8, bare base64 (Java, Go, .NET SDKs; .NET also reads PKCS#1):',
    forms.pkcs8Base64,
    '# merchantPrivateKey, PKCS#1, bare base64 (Python, PHP SDKs: they wrap it in BEGIN RSA PRIVATE KEY):',
    forms.pkcs1Base64,
    '# PKCS#8 PEM (this project\'s reference client, Node):',
    forms.pkcs8Pem.trim(),
    '# PKCS#1 PEM:',
    forms.pkcs1Pem.trim(),
    '# The demo merchant public key, SPKI, PEM then bare base64 (what the sandbox verifies its requests with):',
    publicKey.pem.trim(),
    publicKey.base64,
  ].join('\n');
}
