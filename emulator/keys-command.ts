import { buildSandbox } from './app.js';
import { parseCliOptions } from './cli-options.js';

/** `antom-sandbox keys`: prints the sandbox public key (PEM, then bare base64). */
export async function runKeysCommand(argv: string[]): Promise<number> {
  const config = parseCliOptions(argv, process.env);
  const app = await buildSandbox({ ...config, data: ':memory:', logLevel: 'silent' });
  const { publicKeyPem, publicKeyBase64 } = app.sandbox.signer;
  await app.close();
  console.log(publicKeyPem.trim());
  console.log('');
  console.log(publicKeyBase64);
  return 0;
}
