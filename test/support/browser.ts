import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { packagedChromium } from './packaged-chromium.js';

/**
 * The one place every browser test gets its Chromium from. Playwright's own browser download
 * cannot work offline (toolchain.md), so, in this order:
 *   1. CHROMIUM_PATH, when set (an error if it is not an executable);
 *   2. a system Chromium (Debian's /usr/bin/chromium and the usual other names);
 *   3. the headless Chromium that `npm ci` installs (@sparticuz/chromium), unpacked on first use.
 */
export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'packaged';

export interface ChromiumChoice {
  source: ChromiumSource;
  executablePath: string;
  env: Record<string, string>;
}

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Which Chromium to use; `systemPaths` and `env` are parameters so the order can be tested. */
export function chooseChromium(options: { env?: NodeJS.ProcessEnv; systemPaths?: readonly string[]; only?: ChromiumSource } = {}): ChromiumChoice {
  const { env = process.env, systemPaths = SYSTEM_CHROMIUM_PATHS, only } = options;
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv && (only === undefined || only === 'CHROMIUM_PATH')) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return { source: 'CHROMIUM_PATH', executablePath: fromEnv, env: {} };
  }
  if (only === undefined || only === 'system') {
    const system = systemPaths.find(isExecutable);
    if (system) return { source: 'system', executablePath: system, env: {} };
  }
  if (only !== undefined && only !== 'packaged') throw new Error(`no ${only} Chromium here`);
  return { source: 'packaged', ...packagedChromium() };
}

/** Where browser suites save screenshots (a CI artifact): test-results/screenshots/. */
export const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'screenshots');

/**
 * A headless Chromium; close it in afterAll. `only: 'packaged'` forces the one `npm ci` brings,
 * for the test that proves it works wherever the others may have used a system Chromium.
 */
export async function launchBrowser(options: { only?: ChromiumSource } = {}): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  const choice = chooseChromium(options);
  return chromium.launch({
    executablePath: choice.executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...choice.env },
  });
}

/** The viewports the pages must work at: a 375 px phone (WAP/APP terminals) and a desktop. */
export const VIEWPORTS = {
  mobile: { width: 375, height: 812 },
  desktop: { width: 1280, height: 900 },
} as const;
