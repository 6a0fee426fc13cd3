import { beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../support/browser.js';
import { refusedUrl } from '../support/notification-receiver.js';
import { payRequest } from '../support/sandbox-harness.js';
import { controlShot, controlSuite, cssOf, openControlPage, seriousViolations, showView, VIEWS, waitLive, WIDTHS } from './control-page-harness.js';

/** issue 17 "Usable": every view at 375 and 1280 px, screenshot, axe-core scan, no overflow, whole-word headers. */
describe('every view of the control page', () => {
  const suite = controlSuite();
  let declinedId: string;

  beforeAll(async () => {
    const { sandbox, receiver } = suite;
    // something in every view: a rule that declines, delivered and failing notifications, payments in each state
    await sandbox.control('POST', '/scenarios', { match: { amount: '46000' }, effect: { authorization: { outcome: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' } }, times: 1 });
    const declined = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    declinedId = declined.body.paymentId;
    await sandbox.control('POST', `/payments/${declinedId}/authorize`, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    const approved = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    await sandbox.control('POST', `/payments/${approved.body.paymentId}/authorize`, { outcome: 'approve', cardBrand: 'SAMSUNG' });
    const failing = await sandbox.call('pay', payRequest({ paymentNotifyUrl: await refusedUrl() }));
    await sandbox.control('POST', `/payments/${failing.body.paymentId}/authorize`, { outcome: 'approve', cardBrand: 'SHINHAN' });
    await sandbox.call('pay', payRequest());
    await sandbox.app.sandbox.outbox.settle();
  });

  for (const width of WIDTHS) {
    it(`at ${VIEWPORTS[width].width} px: each view fits, keeps headers whole and has no serious or critical axe violation`, async () => {
      // axe is injected as an inline script, which the page's own CSP (rightly) refuses
      const page = await suite.openAt('payments', { width, bypassCSP: true });
      for (const view of VIEWS) {
        await showView(page, view);
        if (view === 'payments') {
          await page.locator(`tr[data-payment-id="${declinedId}"] button.link`).click();
          await page.waitForSelector('ol.timeline li');
        }
        if (view === 'check') {
          // a run's rows, PASS and FAIL (the suite's receiver acks everything), one evidence open
          await page.locator('#check-url').fill(suite.receiver.url);
          await page.locator('#check-submit').click();
          await page.waitForSelector('#check-cases tr[data-mark="FAIL"]', { timeout: 20_000 });
          await page.locator('#check-cases tr[data-mark="FAIL"] details summary').first().click();
        }
        if (view === 'journal') {
          await page.locator('#journal tr button.link').first().click();
          await page.waitForSelector('#journal-detail pre');
        }
        await page.waitForFunction("document.querySelector('.toast.show') === null");
        expect(await page.evaluate('document.documentElement.scrollWidth'), `${view} overflows`).toBeLessThanOrEqual(VIEWPORTS[width].width);
        const splitHeaders = await page.evaluate(`[...document.querySelectorAll('#view-${view} th')]
          .filter((c) => c.offsetParent !== null && c.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(c).lineHeight)).map((c) => c.textContent)`);
        expect(splitHeaders, `${view}: headers split across lines`).toEqual([]);
        // every value went in as a node or text, never as a stringified object
        expect(await page.locator(`#view-${view}`).textContent()).not.toContain('[object ');
        await controlShot(page, `${view}-${width}`);
        expect(await seriousViolations(page), `${view} at ${width}`).toEqual([]);
      }
      // the header: KST clock, readable Reset button (white on the red, not red on navy)
      expect(await cssOf(page.locator('#reset'), 'color')).toBe('rgb(255, 255, 255)');
      await controlShot(page, `header-${width}`);
    });
  }

  it('is reachable by keyboard: skip link, tabs and the rows as buttons', async () => {
    // freshly loaded, nothing clicked: the first Tab lands on the skip link
    const control = await openControlPage(suite.browser, suite.sandbox.url);
    suite.opened.push(control);
    const { page } = control;
    await waitLive(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.className')).toBe('skip');
    // Tab on to the "Scenario rules" tab and open it with Enter
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate("document.activeElement.dataset.view === 'rules'")) break;
    }
    expect(await page.evaluate('document.activeElement.dataset.view')).toBe('rules');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#view-rules:not([hidden])');
    expect(await page.evaluate('location.hash')).toBe('#rules');
  });

  it('speaks Korean by default and English on the switch', async () => {
    const page = await suite.openAt('payments', { locale: 'de-DE' });
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('#reset').textContent()).toBe('전체 상태 초기화');
    // Hangul drawn from the sandbox's own web font, whatever fonts the machine has
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate("document.fonts.check('14px \"Noto Sans KR Variable\"', '결제')")).toBe(true);
    await controlShot(page, 'payments-korean-desktop');
    await page.locator('#langs a[lang="en"]').click();
    await page.waitForSelector('#live.on');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#reset').textContent()).toBe('Reset all state');
    expect(await page.locator('#langs a[lang="en"]').getAttribute('aria-current')).toBe('true');
  });
});
