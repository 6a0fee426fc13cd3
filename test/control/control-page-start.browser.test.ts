import { describe, expect, it } from 'vitest';
import { payRequest } from '../support/sandbox-harness.js';
import { controlShot, controlSuite, showView, WIDTHS } from './control-page-harness.js';

/** issue 17: start a payment from the page and approve it; the timeline says why, naming the scenario rule. */
describe.each(WIDTHS)('at %s width', (width) => {
  const suite = controlSuite();
  const openAt = (view: Parameters<typeof showView>[1], locale = 'en-US') => suite.openAt(view, { width, locale });

  it('starts a payment through the real Antom API path and approves it', async () => {
    const page = await openAt('start');
    expect(await page.locator('#start-merchant option').allTextContents()).toContain('Demo Shop (데모 상점) — SANDBOX_DEMO_MERCHANT');
    // a magic amount is offered by name and fills the amount
    await page.locator('#start-magic').selectOption('5051');
    expect(await page.locator('#start-amount').inputValue()).toBe('5051');
    await page.locator('#start-amount').fill('23000');
    expect(await page.locator('#start-magic').inputValue()).toBe('');
    // desktop: straight to the issuer page of a brand; phone: the brand page
    if (width === 'desktop') await page.locator('#start-brand').selectOption('HYUNDAI');
    await page.locator('#start-notify').fill(suite.receiver.url);
    await page.locator('#start-description').fill('Started from the control page');
    await page.locator('#start-submit').click();
    const paymentId = (await page.locator('#started-payment-id').textContent({ timeout: 10_000 }))!;
    expect(paymentId).toMatch(/^\d{20,}$/);
    const normalUrl = await page.locator('#started-normal-url').getAttribute('href');
    expect(normalUrl).toContain('sessionData=');
    await controlShot(page, `start-result-${width}`);
    // signed and journaled like any merchant call
    const journal = (await suite.sandbox.control('GET', '/requests')).body.requests as { path: string; verdict: string; responseBody: string }[];
    expect(journal.some((e) => e.path.endsWith('/payments/pay') && e.verdict === 'VALID' && e.responseBody.includes(paymentId))).toBe(true);

    if (width === 'desktop') {
      // the buyer approves on the hosted issuer page, opened from the link; its redirect comes back here
      const [issuer] = await Promise.all([page.context().waitForEvent('page'), page.locator('#started-normal-url').click()]);
      await issuer.waitForLoadState();
      await Promise.all([issuer.waitForURL(/\/_sandbox$/), issuer.getByTestId('approve').click()]);
      await issuer.close();
      await page.locator('#show-started').click();
    } else {
      await page.locator('#show-started').click();
      await page.waitForSelector('#approve:not([disabled])');
      await page.locator('#approve').click();
    }
    // the list and the detail follow, pushed
    await expect.poll(() => page.locator(`tr[data-payment-id="${paymentId}"] .status`).textContent(), { timeout: 5_000 }).toBe('SUCCESS');
    await expect.poll(() => page.locator('ol.timeline li[data-event-type="PAYMENT_AUTHORIZED"] .cause').textContent(), { timeout: 5_000 })
      .toBe(width === 'desktop' ? 'cause: the buyer on the issuer page' : 'cause: the control page');
    expect((await suite.sandbox.control('GET', `/payments/${paymentId}`)).body.orderDescription).toBe('Started from the control page');
    expect(await page.locator('#approve').isDisabled()).toBe(true);
    await controlShot(page, `approved-${width}`);
  });

  it('the timeline says in words that a scenario rule declined what the page approved, and links to the rule', async () => {
    const rule = await suite.sandbox.control('POST', '/scenarios', { match: { amount: '31337' }, effect: { authorization: { outcome: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' } } });
    const ruleId = rule.body.id as string;
    const body = payRequest();
    body.paymentAmount.value = '31337';
    body.order.orderAmount.value = '31337';
    const pay = await suite.sandbox.call('pay', body);
    const paymentId = pay.body.paymentId as string;

    const page = await openAt('payments');
    await page.locator(`tr[data-payment-id="${paymentId}"] button.link`).click();
    await page.waitForSelector('#approve:not([disabled])');
    await page.locator('#approve').click();
    const declined = page.locator('ol.timeline li[data-event-type="PAYMENT_DECLINED"]');
    await declined.waitFor({ timeout: 5_000 });
    const sentence = await declined.locator('.summary').textContent();
    expect(sentence).toContain('USER_BALANCE_NOT_ENOUGH');
    expect(sentence).toContain(`scenario rule #${ruleId.slice(0, 8)}`);
    expect(await declined.locator('.cause').textContent()).toBe(`cause: scenario rule #${ruleId.slice(0, 8)} (the control page asked to approve)`);
    // the raw JSON is there, folded away
    expect(await declined.locator('details.raw').getAttribute('open')).toBeNull();
    expect(JSON.parse((await declined.locator('details.raw pre').textContent())!).detail.resultCode).toBe('USER_BALANCE_NOT_ENOUGH');
    await controlShot(page, `say-why-${width}`);
    // a pushed update (a payment made elsewhere) refreshes the detail without folding what the reader opened
    await declined.locator('details.raw summary').click();
    await page.locator('#decline-code').selectOption('RISK_REJECT');
    const other = await suite.sandbox.call('pay', payRequest());
    await page.waitForSelector(`tr[data-payment-id="${other.body.paymentId}"]`, { timeout: 5_000 });
    await page.waitForSelector('main:not([aria-busy])', { state: 'attached' });
    expect(await declined.locator('details.raw').getAttribute('open')).toBe('');
    expect(await page.locator('#decline-code').inputValue()).toBe('RISK_REJECT');

    await declined.locator('a.rule-link').click();
    await page.waitForSelector('#view-rules:not([hidden])');
    const row = page.locator(`#rules tr[data-rule-id="${ruleId}"]`);
    await expect.poll(() => row.getAttribute('class')).toContain('highlight');
    expect(await page.evaluate('document.activeElement.id')).toBe(`rule-${ruleId}`);
    expect(await row.locator('td').first().textContent()).toBe(`#${ruleId.slice(0, 8)}`);
  });

  it('names a magic amount as the cause, in Korean on a Korean page', async () => {
    const body = payRequest();
    body.paymentAmount.value = '5051';
    body.order.orderAmount.value = '5051';
    const pay = await suite.sandbox.call('pay', body);
    await suite.sandbox.control('POST', `/payments/${pay.body.paymentId}/authorize`, { outcome: 'approve' });
    const page = await openAt('payments', 'ko-KR');
    await page.locator(`tr[data-payment-id="${pay.body.paymentId}"] button.link`).click();
    const declined = page.locator('ol.timeline li[data-event-type="PAYMENT_DECLINED"]');
    await declined.waitFor({ timeout: 5_000 });
    expect(await declined.locator('.cause').textContent()).toMatch(/^원인: 매직 금액 5051/);
    expect(await declined.locator('.summary').textContent()).toMatch(/[가-힣]/);
  });
});
