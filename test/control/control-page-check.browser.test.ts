import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/browser.js';
import { DEMO_CLIENT_ID } from '../support/keys.js';
import { naiveReceiver, referenceReceiver, type Receiver } from '../check/receivers.js';
import { controlShot, controlSuite } from './control-page-harness.js';

// 4 genuine, 5 forged, 2 tolerated, 2 delivery cases (test/check/receivers.test.ts lists them)
const CASES = 13;
const FORGED = ['forged-unsigned', 'forged-other-key', 'forged-signature-of-other-body', 'forged-tampered-amount', 'forged-wrong-client-id'];
// a check run takes a few hundred ms; the page must be done well inside the test's timeout
const RUN_TIMEOUT_MS = 30_000;

/** issue 20: `antom-sandbox check` from the control page, against an ack-everything and the reference endpoint. */
describe('the control page checks a notify URL', () => {
  const suite = controlSuite();
  let naive: Receiver;
  let reference: Receiver;

  beforeAll(async () => {
    const { body: keys } = await suite.sandbox.control('GET', '/keys');
    [naive, reference] = await Promise.all([naiveReceiver(), referenceReceiver(keys.publicKeyPem, DEMO_CLIENT_ID)]);
  });
  afterAll(async () => {
    await Promise.all([naive?.close(), reference?.close()]);
  });

  /** Runs the check from the form (Enter in the URL field, as a keyboard user would) and waits for the rows. */
  async function runCheck(page: Page, url: string): Promise<{ sawDisabled: boolean }> {
    await page.locator('#check-url').fill(url);
    // the Run button is disabled while the run is under way: watch its attribute from inside the page
    await page.evaluate(`window.sawDisabled = false; new MutationObserver(() => { if (document.getElementById('check-submit').disabled) window.sawDisabled = true; })
      .observe(document.getElementById('check-submit'), { attributes: true });`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/_sandbox/api/checks') && r.request().method() === 'POST', { timeout: RUN_TIMEOUT_MS });
    await page.locator('#check-url').press('Enter');
    expect((await answered).status()).toBe(200);
    await page.waitForSelector('#check-submit:not([disabled])', { timeout: RUN_TIMEOUT_MS });
    await page.waitForSelector('#check-summary:not([hidden])');
    return { sawDisabled: (await page.evaluate('window.sawDisabled')) as boolean };
  }

  const marks = (page: Page) => page.locator('#check-cases tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-case-id'), r.getAttribute('data-mark')]));

  for (const width of ['mobile', 'desktop'] as const) {
    it(`at ${VIEWPORTS[width].width} px: an ack-everything endpoint fails the 5 forged cases, the reference plugin passes all`, async () => {
      const page = await suite.openAt('check', { width });
      expect(await page.locator('#check-merchant').inputValue()).toBe(DEMO_CLIENT_ID);

      const first = await runCheck(page, naive.url);
      expect(first.sawDisabled).toBe(true);
      const naiveMarks = await marks(page);
      expect(naiveMarks).toHaveLength(CASES);
      expect(naiveMarks.filter(([, mark]) => mark === 'FAIL').map(([id]) => id)).toEqual(FORGED);
      expect(naiveMarks.filter(([, mark]) => mark !== 'FAIL').every(([, mark]) => mark === 'PASS')).toBe(true);
      expect(await page.locator('#check-summary').textContent()).toMatch(new RegExp(`^${CASES - FORGED.length} passed, 5 failed, 0 reported .*: FAILED$`));
      // the verdict says what went wrong, and the evidence shows what was sent and what came back
      const unsigned = page.locator('tr[data-case-id="forged-unsigned"]');
      expect(await unsigned.locator('td').nth(2).textContent()).toMatch(/^ACKNOWLEDGED a forged notification/);
      await unsigned.locator('details summary').click();
      const evidence = await unsigned.locator('details').textContent();
      expect(evidence).toContain('HTTP 200');
      expect(evidence).toContain('"resultStatus":"S"');
      expect(evidence).toContain('"notifyType"');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORTS[width].width);
      await controlShot(page, `check-naive-${width}`);

      await runCheck(page, reference.url);
      const referenceMarks = await marks(page);
      expect(referenceMarks).toHaveLength(CASES);
      expect(referenceMarks.filter(([, mark]) => mark !== 'PASS')).toEqual([]);
      expect(await page.locator('#check-summary').textContent()).toMatch(new RegExp(`^${CASES} passed, 0 failed, 0 reported .*: OK$`));
      // the plugin refused the forgery with its 401, and the page shows that answer
      const refused = page.locator('tr[data-case-id="forged-unsigned"] details');
      await refused.locator('summary').click();
      expect(await refused.textContent()).toContain('HTTP 401');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORTS[width].width);
      await controlShot(page, `check-reference-${width}`);
    }, 60_000);
  }

  it('speaks Korean and sends no check for a URL the form refuses', async () => {
    const page = await suite.openAt('check', { locale: 'ko-KR' });
    expect(await page.locator('nav.tabs a[data-view="check"]').textContent()).toBe('알림 엔드포인트 점검');
    expect(await page.locator('#check-submit').textContent()).toBe('점검 실행');
    // the browser's own url validation keeps a non-URL from being sent at all
    await page.locator('#check-url').fill('not a url');
    await page.locator('#check-submit').click();
    expect(await page.locator('#check-url').evaluate((el: any) => el.validity.valid as boolean)).toBe(false);
    expect(await page.locator('#check-summary').isHidden()).toBe(true);
    expect(suite.opened.at(-1)!.apiRequests.filter((r) => r.method() === 'POST' && r.url().endsWith('/checks'))).toEqual([]);
  });
});
