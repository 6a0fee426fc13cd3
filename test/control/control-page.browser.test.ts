import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir, VIEWPORTS } from '../support/browser.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** issue 5 "Must show": the control page in Chromium against a real sandbox. */
describe('the control page in Chromium', () => {
  let sandbox: TestSandbox;
  let guarded: TestSandbox;
  let browser: Browser;
  let receiver: NotificationReceiver;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    [sandbox, guarded, browser, receiver] = await Promise.all([startTestSandbox(), startTestSandbox({ controlToken: 'page-token' }), launchBrowser(), startReceiver('/antom/notify')]);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(problems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([sandbox?.close(), guarded?.close(), receiver?.close()]);
  });

  async function openPage(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${url}/_sandbox`);
    return page;
  }

  async function shot(page: Page, name: string) {
    const path = join(screenshotDir, `control-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(10_000);
  }

  it('a rule created from the page takes effect on the next API call', async () => {
    const page = await openPage(sandbox.url);
    const form = page.locator('#rule-form');
    await form.locator('select[name=api]').selectOption('pay');
    await form.locator('select[name=effect]').selectOption('resultCode');
    await form.locator('input[name=value]').fill('RISK_REJECT');
    await form.locator('input[name=times]').fill('1');
    await page.locator('#add-rule').click();
    await expect.poll(() => page.locator('#rules tr').count()).toBe(1);
    expect(await page.locator('#rules tr').first().textContent()).toContain('RISK_REJECT');

    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('RISK_REJECT');
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    // the page shows the rule used up, and the journal shows the call with its fault
    await expect.poll(() => page.locator('#rules tr td:nth-child(3)').first().textContent(), { timeout: 5_000 }).toBe('0');
    await expect.poll(() => page.locator('#journal').textContent(), { timeout: 5_000 }).toContain('resultCode RISK_REJECT');
    expect(await page.locator('#logout').isVisible()).toBe(false);
    await shot(page, 'rule');
  });

  it('approving a payment from the page turns it SUCCESS', async () => {
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    const paymentId = pay.body.paymentId as string;
    const page = await openPage(sandbox.url);
    await page.locator(`tr[data-payment-id="${paymentId}"]`).click();
    await expect.poll(() => page.locator('#detail-id').textContent()).toBe(paymentId);
    await page.locator('#approve').click();
    await expect.poll(async () => (await sandbox.control('GET', `/payments/${paymentId}`)).body.status).toBe('SUCCESS');
    await expect.poll(() => page.locator(`tr[data-payment-id="${paymentId}"] .status`).textContent(), { timeout: 5_000 }).toBe('SUCCESS');
    await shot(page, 'approved');
  });

  it('redelivering a notification from the page sends it again', async () => {
    const pay = await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }));
    const paymentId = pay.body.paymentId as string;
    await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
    await sandbox.app.sandbox.outbox.settle();
    const paymentResults = () => receiver.received.filter((n) => n.json?.paymentId === paymentId && n.json.notifyType === 'PAYMENT_RESULT').length;
    expect(paymentResults()).toBe(1);
    const page = await openPage(sandbox.url);
    await page.locator(`tr[data-payment-id="${paymentId}"]`).click();
    const arrived = receiver.waitFor(receiver.received.length + 1);
    await page.locator('.notification .redeliver').first().click();
    await arrived;
    await expect.poll(paymentResults).toBe(2);
    await expect.poll(() => page.locator('.notification').first().textContent(), { timeout: 5_000 }).toContain('#2');
    await shot(page, 'redelivered');
  });

  it('the journal shows the expected signed text of a failed signature', async () => {
    const body = JSON.stringify(payRequest());
    await sandbox.call('pay', undefined, { rawBody: body, time: '1700000000000', headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' } });
    const page = await openPage(sandbox.url);
    await page.locator('#verdict-filter').selectOption('INVALID');
    await page.locator('#journal tr').first().click();
    const expected = await page.locator('.expected-signed-text').textContent();
    expect(expected).toBe(`POST /ams/api/v1/payments/pay\nSANDBOX_DEMO_MERCHANT.1700000000000.${body}`);
    expect(await page.locator('.signature-debug').textContent()).toMatch(/SHA256:[0-9a-f]{64}/);
    await shot(page, 'journal');
  });

  it('with --control-token the page asks to log in, then works', async () => {
    const page = await openPage(guarded.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('antom-sandbox control');
    expect(await page.locator('#token').count()).toBe(1);
    await shot(page, 'login');
    await page.locator('#token').fill('page-token');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('#public-key').inputValue(), { timeout: 5_000 }).toContain('BEGIN PUBLIC KEY');
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/^\d{4}-/);
    expect(await page.locator('#logout').isVisible()).toBe(true);
    // the login form itself is answered 401 on purpose; Chromium logs that as a failed load
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('status of 401')));
  });
});
