import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from sources (emulator/) and from the build (dist/emulator/) alike. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('antom-sandbox: cannot find the package root (package.json beside fixtures/).');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures');
export const VIEWS_DIR = join(PACKAGE_ROOT, 'emulator', 'views');
