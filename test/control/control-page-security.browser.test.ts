import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from '../support/browser.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';
import { controlShot, cssOf, openControlPage, seriousViolations, showView, waitLive, WIDTHS, type ControlPage } from './control-page-harness.js';

const SCRIPT_PAYLOAD = '<script>window.__xss = "script"</script>';
const IMG_PAYLOAD = '<img src=x onerror="window.__xss = \'img\'">';

/** issue 19 item 3: the control page and its login form under a CSP as strict as the hosted pages'. */
describe('the control page under its Content-Security-Policy', () => {
  let sandbox: TestSandbox;
  let guarded: TestSandbox;
  let browser: Browser;
  const open: ControlPage[] = [];

  beforeAll(async () => {
    [sandbox, guarded, browser] = await Promise.all([startTestSandbox(), startTestSandbox({ controlToken: 'page-token' }), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.context.close()));
    await browser?.close();
    await Promise.all([sandbox?.close(), guarded?.close()]);
  });

  it('sends a nonce CSP, nosniff and no framing on the page and on the login form', async () => {
    for (const url of [`${sandbox.url}/_sandbox`, `${guarded.url}/_sandbox`]) {
      const response = await request(url);
      await response.body.text();
      const csp = String(response.headers['content-security-policy']);
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]));
      expect(directives['default-src']).toBe("'none'");
      expect(directives['script-src']).toMatch(/^'nonce-[A-Za-z0-9_-]{22}'$/);
      expect(directives['style-src']).toMatch(/^'nonce-[A-Za-z0-9_-]{22}'$/);
      expect(directives).toMatchObject({ 'connect-src': "'self'", 'img-src': "'self' data:", 'font-src': "'self'", 'frame-ancestors': "'none'", 'base-uri': "'none'", 'form-action': "'self'" });
      expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    }
    // a fresh nonce per response
    const [a, b] = await Promise.all([request(`${sandbox.url}/_sandbox`), request(`${sandbox.url}/_sandbox`)]);
    await Promise.all([a.body.text(), b.body.text()]);
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
    // the assets are a fixed set, served with their own types
    const script = await request(`${sandbox.url}/_sandbox/assets/control-page.js`);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(await script.body.text()).toContain('EventSource');
    const other = await request(`${sandbox.url}/_sandbox/assets/..%2Fcontrol-page.html`);
    await other.body.text();
    expect(other.statusCode).toBe(404);
  });

  it('works under the CSP, and a <script> or <img onerror> in a merchant name or order description does not run', async () => {
    const { body: keys } = await sandbox.control('GET', '/keys');
    const registered = await sandbox.control('POST', '/merchants', { clientId: 'HOSTILE_MERCHANT', name: `${SCRIPT_PAYLOAD}${IMG_PAYLOAD}Hostile`, publicKey: keys.publicKeyPem });
    expect(registered.status).toBe(201);
    const body = payRequest();
    body.order.orderDescription = `${IMG_PAYLOAD} tea ${SCRIPT_PAYLOAD}`;
    const pay = await sandbox.call('pay', body);
    const paymentId = pay.body.paymentId as string;

    const control = await openControlPage(browser, sandbox.url);
    open.push(control);
    const { page, problems } = control;
    await waitLive(page);
    await page.locator(`tr[data-payment-id="${paymentId}"]`).click();
    await expect.poll(() => page.locator('#detail-id').textContent()).toBe(paymentId);
    // shown as text, exactly as given
    expect(await page.locator('.order-description').textContent()).toBe(body.order.orderDescription);
    await showView(page, 'keys');
    await expect.poll(() => page.locator('#merchants').textContent()).toContain(`${SCRIPT_PAYLOAD}${IMG_PAYLOAD}Hostile`);
    await showView(page, 'payments');
    await page.locator('#client-filter').selectOption('HOSTILE_MERCHANT');
    await expect.poll(() => page.locator('#payments tr').count()).toBe(0);
    expect(await page.locator('#client-filter option[value="HOSTILE_MERCHANT"]').textContent()).toContain(SCRIPT_PAYLOAD);

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
    // the page's own scripts and styles ran under the CSP: no violation, no error
    expect(problems).toEqual([]);
    expect(await cssOf(page.locator('header'), 'backgroundColor')).toBe('rgb(17, 24, 39)');
  });

  it('blocks a script the page did not bring (the CSP is really enforced)', async () => {
    const control = await openControlPage(browser, sandbox.url);
    open.push(control);
    const { page, problems } = control;
    await waitLive(page);
    await page.evaluate(`document.body.append(Object.assign(document.createElement('script'), { textContent: 'window.__xss = "injected"' }))`);
    await expect.poll(() => problems.some((p) => p.startsWith('CSP violation: script-src'))).toBe(true);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('the login form works under its CSP, in Korean by default', async () => {
    const control = await openControlPage(browser, guarded.url, { locale: 'ko-KR' });
    open.push(control);
    const { page, problems } = control;
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('h1').textContent()).toBe('antom-sandbox 제어판');
    expect(await cssOf(page.locator('main'), 'backgroundColor')).toBe('rgb(255, 255, 255)');
    await page.locator('#token').fill('page-token');
    await page.locator('button[type=submit]').click();
    await waitLive(page);
    expect(await page.locator('#logout').isVisible()).toBe(true);
    expect(await page.locator('nav.tabs a[data-view="payments"]').textContent()).toBe('결제');
    // the login form itself answers 401 on purpose; Chromium logs that as a failed load
    expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
  });

  it.each(WIDTHS)('the login form at %s width has no serious or critical axe violation', async (width) => {
    const control = await openControlPage(browser, guarded.url, { width, bypassCSP: true, path: '/_sandbox?lang=en' });
    open.push(control);
    expect(await seriousViolations(control.page)).toEqual([]);
    expect(await control.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORTS[width].width);
    await controlShot(control.page, `login-${width}`);
    expect(control.problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
  });
});
