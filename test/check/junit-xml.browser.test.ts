import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJunitReport } from '../../emulator/check/report-junit.js';
import { launchBrowser } from '../support/browser.js';
import { nasty, report } from './sample-report.js';

// the browser's XML parser, used inside page.evaluate (the project compiles without the DOM lib)
declare const DOMParser: any;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the JUnit XML of a hostile answer, read by a strict XML parser (Chromium DOMParser)', () => {
  it('parses without error and gives back the verdicts and evidence as text', async () => {
    const page = await browser.newPage();
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const error = doc.getElementsByTagName('parsererror')[0]?.textContent ?? null;
      const suite = doc.getElementsByTagName('testsuite')[0];
      return {
        error,
        tests: suite?.getAttribute('tests'),
        failures: suite?.getAttribute('failures'),
        names: [...doc.getElementsByTagName('testcase')].map((t: any) => t.getAttribute('name')),
        failureMessages: [...doc.getElementsByTagName('failure')].map((f: any) => f.getAttribute('message')),
        skipped: doc.getElementsByTagName('skipped').length,
        firstOut: doc.getElementsByTagName('system-out')[1]?.textContent ?? '',
      };
    }, formatJunitReport(report));
    await page.close();
    expect(parsed.error).toBeNull();
    expect(parsed).toMatchObject({ tests: '4', failures: '2', skipped: 1 });
    expect(parsed.names).toEqual(report.cases.map((c) => `${c.id}: ${c.title}`));
    const clean = nasty.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\uD800/g, '\uFFFD');
    expect(parsed.failureMessages[0]).toBe(`ACKNOWLEDGED a forged notification: ${clean}`);
    expect(parsed.firstOut).toContain(`< {"result":"${clean}"}`);
  });
});
