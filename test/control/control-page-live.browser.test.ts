import { describe, expect, it } from 'vitest';
import { payRequest } from '../support/sandbox-harness.js';
import { controlSuite, openControlPage, waitLive, WIDTHS } from './control-page-harness.js';

/** issue 17: the page is live (Server-Sent Events, no polling) and finds a payment by any of its ids. */
describe.each(WIDTHS)('the control page at %s width', (width) => {
  const suite = controlSuite();

  it('shows a payment made by a signed API call from outside, without reload and without polling', async () => {
    const control = await openControlPage(suite.browser, suite.sandbox.url, { width });
    suite.opened.push(control);
    const { page, apiRequests } = control;
    let loads = 0;
    page.on('load', () => (loads += 1));
    await waitLive(page);

    const pay = await suite.sandbox.call('pay', payRequest());
    const paymentId = pay.body.paymentId as string;
    await page.waitForSelector(`tr[data-payment-id="${paymentId}"]`, { timeout: 5_000 });

    // the clock too: advanced from outside, the header follows
    const shownMs = async () => Date.parse((await page.locator('#clock').getAttribute('datetime'))!);
    const before = await shownMs();
    // 10 minutes: nothing of this payment falls due, so no other event follows
    await suite.sandbox.control('POST', '/clock/advance', { ms: 10 * 60_000 });
    // pushed: the header jumps the 10 minutes at once (its own ticking adds only seconds)
    await expect.poll(async () => (await shownMs()) - before, { timeout: 5_000 }).toBeGreaterThanOrEqual(10 * 60_000);
    expect(await page.locator('#clock').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST$/);
    expect(await page.locator('#clock').getAttribute('title')).toMatch(/^UTC \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);

    // quiet for longer than the old 2 s poll: not one request to the control API
    const settled = apiRequests.length;
    await page.waitForTimeout(2_500);
    expect(apiRequests.slice(settled).map((r) => r.url())).toEqual([]);
    // only the event stream stays open; the list was fetched once per change, never on a timer
    expect(apiRequests.filter((r) => r.url().endsWith('/_sandbox/api/events'))).toHaveLength(1);
    expect(loads).toBe(0);
    expect(await page.locator('#live').textContent()).toBe('live');
  });

  it('finds a payment by its paymentId, its paymentRequestId and its referenceOrderId', async () => {
    const tag = `${width}${Date.now()}`;
    const ids = [] as { paymentId: string; paymentRequestId: string; referenceOrderId: string }[];
    for (const n of [1, 2, 3]) {
      const body = payRequest({ paymentRequestId: `FIND-${n}-${tag}` });
      body.order.referenceOrderId = `SHOP-ORDER-${n}-${tag}`;
      const pay = await suite.sandbox.call('pay', body);
      ids.push({ paymentId: pay.body.paymentId, paymentRequestId: body.paymentRequestId, referenceOrderId: body.order.referenceOrderId });
    }
    const page = await suite.openAt('payments', { width });
    const target = ids[1]!;
    for (const id of [target.paymentId, target.paymentRequestId, target.referenceOrderId]) {
      await page.locator('#payment-search').fill(id);
      await expect.poll(() => page.locator('#payments tr').evaluateAll((rows) => rows.map((r: any) => r.dataset.paymentId)), { timeout: 5_000 }).toEqual([target.paymentId]);
    }
    // the date filters are KST days: from tomorrow finds nothing, from today finds it again
    await page.locator('#payment-search').fill(target.paymentRequestId);
    // createdAt is Antom time (+09:00), so its first ten characters are the KST day
    const createdAt = (await suite.sandbox.control('GET', `/payments/${target.paymentId}`)).body.createdAt as string;
    const todayKst = createdAt.slice(0, 10);
    const tomorrowKst = new Date(Date.parse(`${todayKst}T00:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);
    await page.locator('#from-filter').fill(tomorrowKst);
    await expect.poll(() => page.locator('#payments tr').count(), { timeout: 5_000 }).toBe(0);
    await page.locator('#from-filter').fill(todayKst);
    await page.locator('#to-filter').fill(todayKst);
    await expect.poll(() => page.locator('#payments tr').count(), { timeout: 5_000 }).toBe(1);
    // the status filter narrows too: nothing of these is SUCCESS yet
    await page.locator('#status-filter').selectOption('SUCCESS');
    await expect.poll(() => page.locator('#payments tr').count(), { timeout: 5_000 }).toBe(0);
  });
});
