import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseChromium } from '../support/browser.js';

/** Which Chromium the browser suites launch: CHROMIUM_PATH, then a system one, then the packaged one. */
describe('chooseChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'choose-chromium-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const executable = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    return path;
  };
  const own = executable('own-chromium');
  const system = executable('system-chromium');
  const notExecutable = join(dir, 'plain-file');
  writeFileSync(notExecutable, '');

  it('takes CHROMIUM_PATH first, even where a system Chromium exists', () => {
    expect(chooseChromium({ env: { CHROMIUM_PATH: own }, systemPaths: [system] })).toEqual({ source: 'CHROMIUM_PATH', executablePath: own, env: {} });
  });

  it('refuses a CHROMIUM_PATH that is not an executable rather than quietly using another browser', () => {
    expect(() => chooseChromium({ env: { CHROMIUM_PATH: notExecutable }, systemPaths: [system] })).toThrow(/CHROMIUM_PATH=.*plain-file is not an executable/);
    expect(() => chooseChromium({ env: { CHROMIUM_PATH: join(dir, 'missing') }, systemPaths: [system] })).toThrow(/not an executable/);
  });

  it('then the first system Chromium that is an executable', () => {
    expect(chooseChromium({ env: {}, systemPaths: [join(dir, 'missing'), notExecutable, system] })).toEqual({ source: 'system', executablePath: system, env: {} });
  });

  it('then the packaged one, unpacked once with its own libraries and fontconfig', () => {
    const choice = chooseChromium({ env: {}, systemPaths: [join(dir, 'missing')] });
    expect(choice.source).toBe('packaged');
    expect(choice.executablePath).toMatch(/node_modules\/\.cache\/antom-sandbox-chromium\/x64-[\d.]+\/chromium$/);
    expect(existsSync(choice.executablePath)).toBe(true);
    expect(existsSync(join(choice.env.LD_LIBRARY_PATH!, 'libnss3.so'))).toBe(true);
    expect(existsSync(join(choice.env.FONTCONFIG_PATH!, 'fonts.conf'))).toBe(true);
    // a second call finds the unpacked copy
    expect(chooseChromium({ env: {}, systemPaths: [], only: 'packaged' })).toEqual(choice);
  });

  it('only: forces one source and says when it is not there', () => {
    expect(chooseChromium({ env: { CHROMIUM_PATH: own }, systemPaths: [system], only: 'system' }).executablePath).toBe(system);
    expect(() => chooseChromium({ env: {}, systemPaths: [], only: 'system' })).toThrow(/no system Chromium/);
    expect(chooseChromium({ env: { CHROMIUM_PATH: own }, systemPaths: [system], only: 'packaged' }).source).toBe('packaged');
  });
});
