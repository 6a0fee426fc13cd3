import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoShop } from '../../client/demo-shop/shop-app.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';
import { launchBrowser, screenshotDir, VIEWPORTS } from '../support/browser.js';

/** issue #6 "Must show": the demo shop in real Chromium, from "buy" to "paid and captured". */
describe('the demo shop in Chromium', () => {
  let sandbox: RunningSandbox;
  let shop: FastifyInstance;
  let shopUrl = '';
  let browser: Browser;

  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startSandbox(), launchBrowser()]);
    shop = await buildDemoShop({
      gatewayUrl: sandbox.url,
      clientId: sandbox.demoMerchant.clientId,
      privateKey: sandbox.demoMerchant.privateKey,
      antomPublicKey: sandbox.publicKey,
      shopUrl: () => shopUrl,
    });
    await shop.listen({ port: 0, host: '127.0.0.1' });
    shopUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await sandbox?.close();
  });

  it('buy → pick HYUNDAI → approve at the issuer → back at the shop → "Paid and captured"', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(shopUrl);
    await Promise.all([page.waitForURL(/\/checkout-page\/pages\/payment\/index\.html\?/), page.click('#buy')]);
    await page.click('a[data-brand="HYUNDAI"]');
    await page.waitForURL(/\/checkout-page\/pages\/issuer\/hyundai\/index\.html\?/);
    await page.getByTestId('card-password').fill('12');
    await Promise.all([page.waitForURL(new RegExp(`^${shopUrl}/orders/DEMO-`)), page.getByTestId('approve').click()]);

    // back at the shop: authorized; the capture follows on the sandbox's virtual clock
    await page.locator('#status[data-status="PAID"], #status[data-status="CAPTURED"]').waitFor();
    await sandbox.control.advanceClock(1_000);
    await page.locator('#status[data-status="CAPTURED"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#status').textContent()).toBe('Paid and captured');
    // a paid order cannot be voided: its one button refunds, and says so
    expect(await page.locator('#order-action').textContent()).toBe('Refund');
    expect(await page.locator('#order-action-note').textContent()).toMatch(/^Refunds the full ₩46,000 to your card/);
    expect(await page.locator('#history li').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Paid and captured \(notification CAPTURE_RESULT\)$/)]));

    const [payment] = await sandbox.control.payments();
    expect(payment).toMatchObject({ status: 'SUCCESS', cardBrand: 'HYUNDAI' });
    const notifications = await sandbox.control.notifications(payment!.paymentId);
    expect(notifications.map((n) => n.notifyType).sort()).toEqual(['CAPTURE_RESULT', 'PAYMENT_RESULT']);
    await page.screenshot({ path: join(screenshotDir, 'demo-shop-captured.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
