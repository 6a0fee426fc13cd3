import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { payRequest } from '../support/sandbox-harness.js';
import { controlSuite, cssOf, showView } from './control-page-harness.js';

/** The rule editor, the notifications view and the journal, driven in Chromium against a real suite.sandbox. */
describe('the control page tools', () => {
  const suite = controlSuite();
  const openAt = suite.openAt;
  afterEach(async () => {
    await suite.sandbox.control('DELETE', '/scenarios');
  });

  it('a rule created from the page takes effect on the next API call, and the page shows it used', async () => {
    const page = await openAt('rules');
    const form = page.locator('#rule-form');
    await form.locator('select[name=api]').selectOption('pay');
    await form.locator('select[name=effect]').selectOption('resultCode');
    await form.locator('input[name=value]').fill('RISK_REJECT');
    await form.locator('input[name=times]').fill('1');
    await page.locator('#add-rule').click();
    await expect.poll(() => page.locator('#rules tr').count()).toBe(1);
    expect(await page.locator('#rules tr').first().textContent()).toContain('RISK_REJECT');

    expect((await suite.sandbox.call('pay', payRequest())).body.result.resultCode).toBe('RISK_REJECT');
    expect((await suite.sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    // pushed, not polled: the rule shows used up
    await expect.poll(() => page.locator('#rules tr td[data-label="left"]').first().textContent(), { timeout: 5_000 }).toBe('0');
    await showView(page, 'journal');
    await expect.poll(() => page.locator('#journal').textContent(), { timeout: 5_000 }).toContain('RISK_REJECT');
  });

  it('the rule editor resets the value when the effect changes, and asks before saving a rule that matches everything', async () => {
    const page = await openAt('rules');
    const value = page.locator('#effect-value');
    expect(await value.inputValue()).toBe('UNKNOWN_EXCEPTION');
    await value.fill('RISK_REJECT');
    await page.locator('#effect-kind').selectOption('httpStatus');
    expect(await value.inputValue()).toBe('503');
    await page.locator('#effect-kind').selectOption('notification.drop');
    expect(await value.inputValue()).toBe('');
    expect(await value.isDisabled()).toBe(true);
    // a disabled control looks disabled
    expect(await cssOf(value, 'borderStyle')).toBe('dashed');

    // no match at all: the page asks first; Cancel saves nothing
    await page.locator('#add-rule').click();
    await page.waitForSelector('#confirm-dialog[open]');
    expect(await page.locator('#confirm-text').textContent()).toContain('EVERY call');
    await page.locator('#confirm-no').click();
    await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached' });
    expect((await suite.sandbox.control('GET', '/scenarios')).body.rules).toHaveLength(0);
    // confirmed, it is saved and listed as matching everything
    await page.locator('#add-rule').click();
    await page.locator('#confirm-yes').click();
    await expect.poll(() => page.locator('#rules tr').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.locator('#rules tr td[data-label="match"]').textContent()).toBe('everything (no match)');
    expect((await suite.sandbox.control('GET', '/scenarios')).body.rules[0].effect).toEqual({ notification: { drop: true } });
    // a rule with a match is saved without a question
    await page.locator('#rule-form select[name=api]').selectOption('refund');
    await page.locator('#add-rule').click();
    await expect.poll(() => page.locator('#rules tr').count(), { timeout: 5_000 }).toBe(2);
    expect(await page.locator('#confirm-dialog').getAttribute('open')).toBeNull();
  });

  it('redelivers the selected notifications from the all-notifications view', async () => {
    const paymentIds: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const pay = await suite.sandbox.call('pay', payRequest({ paymentNotifyUrl: suite.receiver.url }));
      paymentIds.push(pay.body.paymentId);
      await suite.sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    }
    await suite.sandbox.app.sandbox.outbox.settle();
    const page = await openAt('notifications');
    await page.locator('#notification-status').selectOption('delivered');
    const rows = page.locator('#notifications tr');
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#redeliver-selected').isDisabled()).toBe(true);
    // each payment's PAYMENT_RESULT, ticked by its notification id: the list re-renders as deliveries
    // (automatic captures) come in, and a box found by row text could land on the other row of the
    // same payment after a re-render, so that check() ticks a third one
    const { body } = await suite.sandbox.control<{ notifications: Array<{ id: string; paymentId: string; notifyType: string }> }>('GET', '/notifications?status=delivered&limit=500');
    const chosenIds = paymentIds.map((paymentId) => body.notifications.find((n) => n.paymentId === paymentId && n.notifyType === 'PAYMENT_RESULT')!.id);
    for (const id of chosenIds) await page.locator(`#notifications input[type=checkbox][value="${id}"]`).check();
    const before = suite.receiver.received.length;
    await page.locator('#redeliver-selected').click();
    // the answer comes once both deliveries were acknowledged; other notifications (automatic captures) may arrive too
    await expect.poll(() => page.locator('#toast').textContent(), { timeout: 5_000 }).toBe('2 of 2 redelivered');
    const again = new Set(suite.receiver.received.slice(before).map((r) => r.json?.paymentId));
    for (const id of paymentIds) expect(again.has(id), id).toBe(true);
  });

  it('the journal shows the expected signed text of a failed signature, downloads the journal as HAR and copies a call as curl', async () => {
    const body = JSON.stringify(payRequest());
    await suite.sandbox.call('pay', undefined, { rawBody: body, time: '1700000000000', headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' } });
    const page = await openAt('journal');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('#verdict-filter').selectOption('INVALID');
    await expect.poll(() => page.locator('#journal tr').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.locator('#journal tr button.link').first().click();
    expect(await page.locator('.expected-signed-text').textContent()).toBe(`POST /ams/api/v1/payments/pay\nSANDBOX_DEMO_MERCHANT.1700000000000.${body}`);
    expect(await page.locator('.signature-debug').textContent()).toMatch(/SHA256:[0-9a-f]{64}/);
    // the journal as HAR, downloaded from the page
    const [har] = await Promise.all([page.waitForEvent('download'), page.locator('#har-link').click()]);
    const log = JSON.parse(readFileSync((await har.path())!, 'utf8')).log as { entries: { request: { url: string; postData?: { text: string } } }[] };
    expect(log.entries.some((e) => e.request.url.endsWith('/ams/api/v1/payments/pay') && e.request.postData?.text === body)).toBe(true);
    // copy as curl: the entry's command lands on the clipboard, body and all
    await page.locator('#journal tr .copy-curl').first().click();
    await expect.poll(() => page.locator('#toast').textContent()).toBe('copied');
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied).toMatch(/^curl -X POST /);
    expect(copied).toContain('/ams/api/v1/payments/pay');
    expect(copied).toContain('signature=AAAA');
  });

  it('downloads a payment with its timeline and notifications as JSON', async () => {
    const pay = await suite.sandbox.call('pay', payRequest({ paymentNotifyUrl: suite.receiver.url }));
    const paymentId = pay.body.paymentId as string;
    await suite.sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
    await suite.sandbox.app.sandbox.outbox.settle();
    const page = await openAt('payments');
    await page.locator(`tr[data-payment-id="${paymentId}"] button.link`).click();
    await page.waitForSelector('ol.timeline li[data-event-type="PAYMENT_AUTHORIZED"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-payment').click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported.payment.paymentId).toBe(paymentId);
    expect(exported.events.map((e: { type: string }) => e.type)).toContain('PAYMENT_AUTHORIZED');
    expect(exported.notifications[0].deliveries.length).toBeGreaterThan(0);
  });

  it('resets all state after an in-page confirmation, and the page follows', async () => {
    const pay = await suite.sandbox.call('pay', payRequest());
    const page = await openAt('payments');
    await page.waitForSelector(`tr[data-payment-id="${pay.body.paymentId}"]`);
    await page.locator('#reset').click();
    await page.waitForSelector('#confirm-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached' });
    expect((await suite.sandbox.control('GET', '/payments')).body.payments.length).toBeGreaterThan(0);
    await page.locator('#reset').click();
    await page.locator('#confirm-yes').click();
    await expect.poll(() => page.locator('#payments tr').count(), { timeout: 5_000 }).toBe(0);
    expect((await suite.sandbox.control('GET', '/payments')).body.payments).toEqual([]);
  });

  it('registers a merchant with its private key from the page, then starts a payment as it', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const page = await openAt('keys');
    await page.locator('#merchant-client-id').fill('PAGE_REGISTERED_SHOP');
    await page.locator('#merchant-name').fill('Page Shop');
    await page.locator('#merchant-public-key').fill(keys.publicKey);
    await page.locator('#merchant-private-key').fill(keys.privateKey);
    await page.locator('#merchant-submit').click();
    await expect.poll(() => page.locator('#merchants').textContent(), { timeout: 5_000 }).toContain('PAGE_REGISTERED_SHOP');
    expect(await page.locator('#merchant-private-key').inputValue()).toBe('');
    const listed = (await suite.sandbox.control('GET', '/merchants')).body.merchants.find((m: { clientId: string }) => m.clientId === 'PAGE_REGISTERED_SHOP');
    expect(listed).toMatchObject({ name: 'Page Shop', canStartPayments: true });
    expect(JSON.stringify(listed)).not.toContain('PRIVATE KEY');

    await showView(page, 'start');
    await page.locator('#start-merchant').selectOption('PAGE_REGISTERED_SHOP');
    await page.locator('#start-submit').click();
    const paymentId = (await page.locator('#started-payment-id').textContent({ timeout: 10_000 }))!;
    expect((await suite.sandbox.control('GET', `/payments/${paymentId}`)).body.clientId).toBe('PAGE_REGISTERED_SHOP');
  });
});
