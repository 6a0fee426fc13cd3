import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';

/** The test-only fixture keys, read straight from disk (not through protocol/). */
const keysDir = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');
export const DEMO_CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';
export const demoMerchantPrivatePem = readFileSync(join(keysDir, 'demo-merchant-private.pem'), 'utf8');
export const demoMerchantPublicPem = readFileSync(join(keysDir, 'demo-merchant-public.pem'), 'utf8');
export const sandboxPublicPem = readFileSync(join(keysDir, 'sandbox-public.pem'), 'utf8');
export const demoMerchantPrivateKey: KeyObject = createPrivateKey(demoMerchantPrivatePem);
export const sandboxPublicKey: KeyObject = createPublicKey(sandboxPublicPem);
