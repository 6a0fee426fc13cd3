import { join } from 'node:path';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FONT_FAMILY } from '../../emulator/routes/pages/page-fonts.js';
import { launchBrowser, screenshotDir, VIEWPORTS } from '../support/browser.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

// browser-side names used inside page.evaluate callbacks (the project compiles without the DOM lib)
declare const document: any;

/**
 * The Korean of the hosted pages renders from the sandbox's own web font, in the Chromium that
 * `npm ci` brings (always that one here, whatever the machine has): its private fontconfig knows
 * one Latin font and no CJK font, so it is the "machine with no CJK system font" on any machine.
 */
describe('hosted pages bring their own Korean font', () => {
  let sandbox: TestSandbox;
  let browser: Browser;

  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startTestSandbox(), launchBrowser({ only: 'packaged' })]);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('the brand page draws 현대카드 from the sandbox font; without it the same browser draws no Hangul at all', async () => {
    const paid = await sandbox.call('pay', payRequest());
    expect(paid.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const context = await browser.newContext({ viewport: VIEWPORTS.mobile, locale: 'ko-KR' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const fontResponses: Response[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'font') fontResponses.push(r);
    });

    await page.goto(String(paid.body.normalUrl).replace(/^http:\/\/localhost:\d+/, sandbox.url));
    await page.evaluate(() => document.fonts.ready);
    expect(await page.locator('a[data-brand="HYUNDAI"] .name').textContent()).toBe('현대카드');
    expect(await page.evaluate((family) => document.fonts.check(`16px "${family}"`, '현대카드'), FONT_FAMILY)).toBe(true);

    // every font came from the sandbox itself, as woff2 (no CSP violation in the console)
    expect(fontResponses.length).toBeGreaterThan(0);
    for (const response of fontResponses) {
      expect(response.url().startsWith(`${sandbox.url}/checkout-page/fonts/noto-sans-kr/files/`)).toBe(true);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('font/woff2');
    }
    expect(problems).toEqual([]);
    // the slices the page needed, not the whole face
    const loadedBytes = (await Promise.all(fontResponses.map(async (r) => (await r.body()).length))).reduce((a, b) => a + b, 0);
    expect(loadedBytes).toBeLessThan(1_500_000);

    // ink of 현대카드 on a canvas: with the page's font, and with the browser's own fallback
    const ink = (font: string, text = '현대카드') =>
      page.evaluate(([f, t]) => {
        const canvas = document.createElement('canvas');
        canvas.width = 200;
        canvas.height = 60;
        const g = canvas.getContext('2d');
        g.font = f;
        g.fillText(t, 4, 44);
        const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return inked;
      }, [font, text] as const);
    expect(await ink(`32px "${FONT_FAMILY}"`)).toBeGreaterThan(500);
    expect(await ink('32px sans-serif')).toBe(0);
    // the same measure sees the fallback's ink where it has glyphs: Latin
    expect(await ink('32px sans-serif', 'Antom')).toBeGreaterThan(500);

    await page.screenshot({ path: join(screenshotDir, 'pages-brand-selection-packaged-chromium.png'), fullPage: true });
    await context.close();
  });
});
