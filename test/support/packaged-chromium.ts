import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

/**
 * The headless Chromium that `npm ci` brings: @sparticuz/chromium ships it brotli-compressed in
 * its tarball, with the three shared libraries it needs beyond glibc (NSS, NSPR, expat) and a
 * Latin font, so it runs on a bare Debian slim image. Nothing is downloaded: its JS (which
 * would unpack to a shared /tmp/chromium and can download) is not used; we unpack the files
 * ourselves into node_modules/.cache, once per package version.
 */
export interface PackagedChromium {
  executablePath: string;
  /** what the binary needs in its environment: its own libraries and its own fontconfig */
  env: Record<string, string>;
}

const PACKAGE = '@sparticuz/chromium';

export function packagedChromium(): PackagedChromium {
  const binDir = packageBinDir();
  const version = (JSON.parse(readFileSync(join(binDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  // beside the package, so a clean `npm ci` also starts clean and nothing leaks outside the project
  const dir = join(binDir, '..', '..', '..', '.cache', 'antom-sandbox-chromium', `${process.arch}-${version}`);
  if (!existsSync(join(dir, 'chromium'))) unpack(binDir, dir);
  return {
    executablePath: join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: join(dir, 'lib'), FONTCONFIG_PATH: join(dir, 'fontconfig') },
  };
}

function packageBinDir(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    throw new Error(`no Chromium: neither CHROMIUM_PATH nor a system Chromium, and ${PACKAGE} is not installed (npm ci installs it)`);
  }
  const binDir = join(dirname(entry), '..', 'bin');
  if (process.platform !== 'linux' || !existsSync(join(binDir, 'chromium.br'))) {
    throw new Error(`no Chromium: ${PACKAGE} ships a Linux ${process.arch === 'x64' ? '' : 'x64 '}binary only (this is ${process.platform}/${process.arch}); set CHROMIUM_PATH`);
  }
  return binDir;
}

/**
 * Unpacks into a private folder and renames it into place: test files launch browsers in
 * parallel workers, and a half-written binary must never be seen by another one.
 */
function unpack(binDir: string, dir: string): void {
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    writeFileSync(join(staging, 'chromium'), brotliDecompressSync(readFileSync(join(binDir, 'chromium.br'))));
    chmodSync(join(staging, 'chromium'), 0o755);
    untar(join(binDir, 'al2023.tar.br'), staging); // lib/libnss3.so, libnspr4.so, libexpat.so.1, ...
    untar(join(binDir, 'fonts.tar.br'), staging); // fonts/Open_Sans/*.ttf (Latin only: no CJK)
    // our own fontconfig: the package's fonts.conf names Lambda's folders
    mkdirSync(join(staging, 'fontconfig'));
    writeFileSync(
      join(staging, 'fontconfig', 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontconfig', 'cache')}</cachedir>\n</fontconfig>\n`,
    );
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // another worker won the race: its copy is complete, ours is not needed
    if (existsSync(join(dir, 'chromium'))) return;
    throw error;
  }
}

/** tar is in every Debian (an Essential package); the archives are small */
function untar(archive: string, into: string): void {
  const result = spawnSync('tar', ['-x', '-C', into], { input: brotliDecompressSync(readFileSync(archive)) });
  if (result.status !== 0) throw new Error(`tar -x ${archive} failed: ${result.stderr?.toString() || result.error?.message}`);
}
