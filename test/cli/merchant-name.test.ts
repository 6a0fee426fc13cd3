import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall, signedCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest } from '../support/sandbox-harness.js';

/**
 * A merchant's display name from `--merchant ...,name=` (the public key here is the demo
 * merchant's, so the demo key signs its calls) reaches the control API and the hosted pages.
 */
const DEMO_PUBLIC = join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'demo-merchant-public.pem');

async function merchantOnPage(normalUrl: string): Promise<string> {
  const response = await request(normalUrl, { headers: { 'accept-language': 'en' } });
  const html = await response.body.text();
  return /data-testid="merchant">([^<]*)</.exec(html)![1]!;
}

describe('a merchant display name from --merchant', () => {
  let sandbox: SandboxProcess;
  beforeAll(async () => {
    sandbox = await spawnSandbox(['--data', ':memory:', '--merchant', `SANDBOX_TEA=${DEMO_PUBLIC},http://127.0.0.1:9/notify,name=Tea, Cups & <Co>`], {
      ANTOM_SANDBOX_MERCHANT: '',
    });
  });
  afterAll(async () => {
    sandbox.child.kill('SIGTERM');
    await sandbox.exited;
  });

  it('is listed by the control API with the notify URL', async () => {
    const { merchants } = await controlCall(sandbox.url, 'GET', '/merchants');
    expect(merchants.find((m: { clientId: string }) => m.clientId === 'SANDBOX_TEA')).toMatchObject({ name: 'Tea, Cups & <Co>', notifyUrl: 'http://127.0.0.1:9/notify' });
    expect(merchants.find((m: { clientId: string }) => m.clientId === 'SANDBOX_DEMO_MERCHANT').name).toBe('Demo Shop (데모 상점)');
  });

  it('is what the hosted page shows the buyer, escaped', async () => {
    const paid = await signedCall(sandbox.url, 'pay', payRequest(), 'SANDBOX_TEA');
    expect(paid.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(await merchantOnPage(paid.normalUrl)).toBe('Tea, Cups &amp; &lt;Co&gt;');
  });

  it('falls back to the client id for a merchant registered without one', async () => {
    await controlCall(sandbox.url, 'POST', '/merchants', { clientId: 'SANDBOX_NAMELESS', publicKey: readFileSync(DEMO_PUBLIC, 'utf8') });
    const paid = await signedCall(sandbox.url, 'pay', payRequest(), 'SANDBOX_NAMELESS');
    expect(await merchantOnPage(paid.normalUrl)).toBe('SANDBOX_NAMELESS');
  });
});
