import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CARD_BRANDS } from '../../protocol/index.js';
import { launchBrowser, screenshotDir, VIEWPORTS } from '../support/browser.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

// browser-side names used inside page.evaluate callbacks (the project compiles without the DOM lib)
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

/** The "Must show" list, in Debian's Chromium against a real sandbox and real receivers. */
describe('hosted pages in Chromium', () => {
  let sandbox: TestSandbox;
  let browser: Browser;
  let shop: NotificationReceiver;
  const open: Array<BrowserContext | NotificationReceiver> = [];

  beforeAll(async () => {
    [sandbox, browser, shop] = await Promise.all([startTestSandbox(), launchBrowser(), startReceiver('/shop/return')]);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([sandbox?.close(), shop?.close()]);
  });

  /** A fresh browser context; CSP reports and page errors are collected, and must stay empty. */
  async function newPage(options: { viewport?: { width: number; height: number }; locale?: string } = {}) {
    const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORTS.mobile, locale: options.locale ?? 'ko-KR' });
    open.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
  }

  async function notifyReceiver() {
    const receiver = await startReceiver('/antom/notify');
    open.push(receiver);
    return receiver;
  }

  async function pay(overrides: Record<string, unknown> = {}) {
    const response = await sandbox.call('pay', payRequest({ paymentRedirectUrl: `${shop.url}?order=${Math.random().toString(36).slice(2)}`, ...overrides }));
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    return response.body as { paymentId: string; normalUrl: string; paymentRequestId: string };
  }

  const redirectOf = async (paymentId: string) => (await sandbox.control('GET', `/payments/${paymentId}`)).body.redirectUrl as string;
  const detail = async (paymentId: string) => (await sandbox.control('GET', `/payments/${paymentId}`)).body;
  const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

  it('1. normalUrl without a brand → pick HYUNDAI → approve → paymentRedirectUrl; SUCCESS, captured, both notifications', async () => {
    const notify = await notifyReceiver();
    const { paymentId, normalUrl } = await pay({ paymentNotifyUrl: notify.url });
    const redirectUrl = await redirectOf(paymentId);
    const { page, problems } = await newPage();

    await page.goto(normalUrl);
    expect(await text(page, 'merchant')).toBe('Demo Shop (데모 상점)');
    expect(await text(page, 'order-description')).toBe('Jeju green tea set');
    expect(await text(page, 'amount')).toBe('₩46,000');
    expect(await page.locator('a.brand').count()).toBe(CARD_BRANDS.length);
    expect(await page.locator('a[data-brand="KEBHANA"] .name').textContent()).toBe('하나카드');

    await page.click('a[data-brand="HYUNDAI"]');
    await page.waitForURL(/\/checkout-page\/pages\/issuer\/hyundai\/index\.html\?/);
    expect(await text(page, 'issuer-name')).toBe('현대카드');
    expect(await text(page, 'test-card')).toBe('9490 2200 1166 9217');
    // the brand colour comes from the nonce'd style block: the CSP lets it apply
    expect(await page.locator('.issuer-head').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 26, 26)');
    await page.getByTestId('card-password').fill('12');
    await Promise.all([page.waitForURL(redirectUrl), page.getByTestId('approve').click()]);
    expect(page.url()).toBe(redirectUrl);
    const landed = shop.received.filter((r) => r.path === new URL(redirectUrl).pathname + new URL(redirectUrl).search);
    expect(landed).toHaveLength(1);
    // no-referrer: the page token never reaches the merchant in a Referer header
    expect(landed[0]!.headers.referer).toBeUndefined();

    expect((await sandbox.call('inquiryPayment', { paymentId })).body).toMatchObject({ paymentStatus: 'SUCCESS', paymentResultInfo: { cardBrand: 'HYUNDAI', cardNo: '949022******9217' } });
    await sandbox.control('POST', '/clock/advance', { ms: 1_000 });
    const captured = await sandbox.call('inquiryPayment', { paymentId });
    expect(captured.body.transactions).toMatchObject([{ transactionType: 'CAPTURE', transactionStatus: 'SUCCESS' }]);
    const [paymentResult, captureResult] = await notify.waitFor(2);
    expect(paymentResult!.json).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId, result: { resultCode: 'SUCCESS', resultStatus: 'S' } });
    expect(captureResult!.json).toMatchObject({ notifyType: 'CAPTURE_RESULT', paymentId, result: { resultCode: 'SUCCESS', resultStatus: 'S' } });
    expect(problems).toEqual([]);
  });

  it('2. with selectedCardBrand KOOKMIN, normalUrl opens the KB Kookmin issuer page directly', async () => {
    const { normalUrl } = await pay({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, selectedCardBrand: 'KOOKMIN' } } });
    const { page, problems } = await newPage();
    const response = await page.goto(normalUrl);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/checkout-page/pages/issuer/kookmin/index.html');
    expect(await text(page, 'issuer-name')).toBe('KB국민카드');
    expect(await page.locator('a.brand').count()).toBe(0);
    expect(await page.getByTestId('other-card').count()).toBe(0);
    // KB's yellow takes dark text
    expect(await page.locator('.issuer-head').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(17, 17, 17)');
    expect(problems).toEqual([]);
  });

  it('3. decline with a chosen code: PAYMENT_RESULT F carries that code', async () => {
    const notify = await notifyReceiver();
    const { paymentId, normalUrl } = await pay({ paymentNotifyUrl: notify.url });
    const redirectUrl = await redirectOf(paymentId);
    const { page } = await newPage({ locale: 'en-US' });
    await page.goto(normalUrl);
    await page.click('a[data-brand="SHINHAN"]');
    await page.getByTestId('decline-code').selectOption('USER_BALANCE_NOT_ENOUGH');
    await Promise.all([page.waitForURL(redirectUrl), page.getByTestId('decline').click()]);
    const [notification] = await notify.waitFor(1);
    expect(notification!.json).toMatchObject({
      notifyType: 'PAYMENT_RESULT',
      paymentId,
      result: { resultCode: 'USER_BALANCE_NOT_ENOUGH', resultStatus: 'F' },
      paymentResultInfo: { cardBrand: 'SHINHAN' },
    });
    expect((await sandbox.call('inquiryPayment', { paymentId })).body).toMatchObject({ paymentStatus: 'FAIL', paymentResultCode: 'USER_BALANCE_NOT_ENOUGH' });
  });

  it('cancel at the issuer goes back to the merchant and leaves the payment PROCESSING', async () => {
    const { paymentId, normalUrl } = await pay();
    const redirectUrl = await redirectOf(paymentId);
    const { page } = await newPage();
    await page.goto(normalUrl);
    await page.click('a[data-brand="LOTTE"]');
    await Promise.all([page.waitForURL(redirectUrl), page.getByTestId('cancel').click()]);
    expect((await sandbox.call('inquiryPayment', { paymentId })).body.paymentStatus).toBe('PROCESSING');
  });

  it.each([
    ['mobile', 'ko'],
    ['mobile', 'en'],
    ['desktop', 'ko'],
    ['desktop', 'en'],
  ] as const)('4. both pages at %s width (%s): screenshots saved, no sideways scrolling, grid adapts', async (size, lang) => {
    const viewport = VIEWPORTS[size];
    const { normalUrl } = await pay({ order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: `SHOT-${size}-${lang}`, orderDescription: '제주 녹차 세트 외 2건 (Jeju green tea set and 2 more)' } });
    const { page, problems } = await newPage({ viewport, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
    await page.goto(normalUrl);
    const columns = await page.locator('ul.brands').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    expect(columns).toBe(size === 'mobile' ? 2 : 4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const selection = join(screenshotDir, `hosted-brand-selection-${lang}-${size}.png`);
    await page.screenshot({ path: selection, fullPage: true });
    await page.click('a[data-brand="HYUNDAI"]');
    await page.waitForURL(/\/issuer\/hyundai\//);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const issuer = join(screenshotDir, `hosted-issuer-${lang}-${size}.png`);
    await page.screenshot({ path: issuer, fullPage: true });
    for (const file of [selection, issuer]) expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  });

  it('switches language on the page', async () => {
    const { normalUrl } = await pay();
    const { page } = await newPage();
    await page.goto(normalUrl);
    expect(await page.locator('h1').textContent()).toBe('결제할 카드를 선택하세요');
    await page.click('a[data-lang="en"]');
    expect(await page.locator('h1').textContent()).toBe('Choose the card to pay with');
    await page.click('a[data-brand="WOORI"]');
    expect(await text(page, 'approve')).toBe('Authenticate and pay');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('5. <script> in orderDescription is shown as text and does not run', async () => {
    const description = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const { normalUrl } = await pay({ order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'XSS-2', orderDescription: description } });
    const { page, problems } = await newPage();
    for (const url of [normalUrl, normalUrl.replace('/payment/index.html', '/issuer/bc/index.html')]) {
      await page.goto(url);
      expect(await text(page, 'order-description')).toBe(description);
      expect(await page.evaluate(() => ({ pwned: window.__pwned, scripts: document.scripts.length, images: document.images.length }))).toEqual({ pwned: undefined, scripts: 0, images: 0 });
    }
    // nothing even tried to run: no CSP violation was reported
    expect(problems).toEqual([]);
  });

  it('6a. a forged token gets a 4xx page', async () => {
    const { normalUrl } = await pay();
    const forged = new URL(normalUrl);
    forged.searchParams.set('sessionData', `${forged.searchParams.get('sessionData')!.slice(0, -4)}AAAA`);
    const { page } = await newPage();
    const response = await page.goto(forged.href);
    expect(response?.status()).toBe(404);
    expect(await page.getByTestId('notice').getAttribute('data-kind')).toBe('unknownToken');
    expect(await page.locator('h1').textContent()).toBe('유효하지 않은 결제 링크');
  });

  it('6b. the page of an expired payment says so, and offers only the way back', async () => {
    const { paymentId, normalUrl } = await pay();
    await sandbox.control('POST', '/clock/advance', { ms: 15 * 60_000 });
    const { page } = await newPage();
    await page.goto(normalUrl);
    expect(await page.getByTestId('notice').getAttribute('data-kind')).toBe('expired');
    expect(await page.locator('h1').textContent()).toBe('결제 시간이 만료되었습니다');
    expect(await page.locator('a.brand').count()).toBe(0);
    expect(await page.getByTestId('return').getAttribute('href')).toBe(await redirectOf(paymentId));
    await page.screenshot({ path: join(screenshotDir, 'hosted-notice-expired-ko-mobile.png'), fullPage: true });
  });

  it('6c. double submit authorizes once: a double click, then the same page approved again from a second tab', async () => {
    const notify = await notifyReceiver();
    const { paymentId, normalUrl } = await pay({ paymentNotifyUrl: notify.url });
    const redirectUrl = await redirectOf(paymentId);
    const issuerUrl = normalUrl.replace('/payment/index.html', '/issuer/samsung/index.html');
    const first = await newPage();
    const second = await newPage();
    await Promise.all([first.page.goto(issuerUrl), second.page.goto(issuerUrl)]);
    await Promise.all([first.page.waitForURL(redirectUrl), first.page.getByTestId('approve').dblclick()]);
    await Promise.all([second.page.waitForURL(redirectUrl), second.page.getByTestId('approve').click()]);
    const after = await detail(paymentId);
    expect(after.status).toBe('SUCCESS');
    expect(after.timeline.filter((e: { type: string }) => e.type === 'PAYMENT_AUTHORIZED')).toHaveLength(1);
    expect(after.notifications.filter((n: { notifyType: string }) => n.notifyType === 'PAYMENT_RESULT')).toHaveLength(1);
    await sandbox.app.sandbox.outbox.settle();
    expect(notify.received.filter((n) => n.json?.notifyType === 'PAYMENT_RESULT')).toHaveLength(1);
  });
});
