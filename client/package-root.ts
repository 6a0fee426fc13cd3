import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (package.json beside fixtures/), from sources and from dist/ alike. The
 * client keeps its own copy of this lookup: it never imports emulator/.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures')))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('antom-sandbox: cannot find the package root (package.json beside fixtures/).');
    dir = parent;
  }
  return dir;
}

/** The demo merchant every sandbox registers; its key pair is a test-only fixture. */
export const DEMO_MERCHANT = {
  clientId: 'SANDBOX_DEMO_MERCHANT',
  privateKeyFile: () => join(packageRoot(), 'fixtures', 'keys', 'demo-merchant-private.pem'),
  /** the sandbox's fixture public key, for when the sandbox cannot be asked for its own */
  sandboxPublicKeyFile: () => join(packageRoot(), 'fixtures', 'keys', 'sandbox-public.pem'),
};
