import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { FONT_FAMILY, FONT_STYLESHEET_PATH } from '../../emulator/routes/pages/page-fonts.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** The pages' own Korean web font over real HTTP: the stylesheet, its woff2 slices, and nothing else. */
describe('hosted page font', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const get = async (path: string) => {
    const response = await request(`${sandbox.url}${path}`);
    return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
  };

  it('serves the @font-face stylesheet, whose every slice is a woff2 the sandbox serves', async () => {
    const css = await get(FONT_STYLESHEET_PATH);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=86400');
    const text = css.body.toString('utf8');
    expect(text).toContain(`font-family: '${FONT_FAMILY}'`);
    const files = [...text.matchAll(/url\(\.\/(files\/[^)]+\.woff2)\)/g)].map((m) => m[1]!);
    // Hangul alone needs many slices; the whole face is ~120 of them
    expect(files.length).toBeGreaterThan(100);
    // the slice holding 현 (U+D604) and the Latin one, as the brand page asks for them
    const sliceOf = (codePoint: number) =>
      text.split('@font-face').find((rule) => [...rule.matchAll(/U\+([0-9a-f]+)(?:-([0-9a-f]+))?/g)].some((m) => codePoint >= parseInt(m[1]!, 16) && codePoint <= parseInt(m[2] ?? m[1]!, 16)))?.match(/url\(\.\/(files\/[^)]+)\)/)?.[1];
    for (const file of [sliceOf(0xd604), sliceOf(0x41)]) {
      expect(file).toBeDefined();
      const font = await get(`${FONT_STYLESHEET_PATH.replace(/index\.css$/, '')}${file}`);
      expect(font.status).toBe(200);
      expect(font.headers['content-type']).toBe('font/woff2');
      expect(font.body.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(font.body.length).toBeLessThan(100_000);
    }
  });

  it.each([
    ['an unknown slice', 'files/noto-sans-kr-999-wght-normal.woff2'],
    ['another file of the package', 'files/..%2Fpackage.json'],
    ['a path out of the folder', 'files/..%2F..%2F..%2Fpackage.json'],
    ['a woff (not served)', 'files/noto-sans-kr-0-wght-normal.woff'],
  ])('answers 404 for %s', async (_label, file) => {
    const response = await get(`${FONT_STYLESHEET_PATH.replace(/index\.css$/, '')}${file}`);
    expect(response.status).toBe(404);
    expect(response.body.toString('utf8')).not.toContain('"name"');
  });
});
