import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { CARD_BRANDS } from '../../protocol/index.js';
import { NO_SCENARIOS } from '../../emulator/services/scenario-hooks.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** The hosted pages over real HTTP: status codes, headers, escaping, and the state each post leaves. */
describe('hosted page routes', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());
  afterEach(() => {
    sandbox.app.sandbox.payments.scenarios = NO_SCENARIOS;
  });

  const local = (url: string) => url.replace(/^http:\/\/localhost:\d+/, sandbox.url);

  async function get(url: string, headers: Record<string, string> = {}) {
    const response = await request(local(url.startsWith('/') ? `${sandbox.url}${url}` : url), { headers });
    return { status: response.statusCode, headers: response.headers, html: await response.body.text() };
  }

  async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await request(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.statusCode, headers: response.headers, html: await response.body.text() };
  }

  async function pay(overrides: Record<string, unknown> = {}) {
    const response = await sandbox.call('pay', payRequest(overrides));
    expect(response.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const normalUrl: string = response.body.normalUrl;
    const token = new URL(normalUrl).searchParams.get('sessionData')!;
    return { paymentId: response.body.paymentId as string, normalUrl, token };
  }

  const detail = async (paymentId: string) => (await sandbox.control('GET', `/payments/${paymentId}`)).body;
  const HYUNDAI = '/checkout-page/pages/issuer/hyundai/index.html';

  it('serves the brand selection page: merchant, order, ₩ amount, every issuer, strict CSP, no script', async () => {
    const { normalUrl } = await pay();
    const page = await get(normalUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[A-Za-z0-9_-]{22}';/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(page.html).toContain(`<style nonce="${nonce}">`);
    // the only stylesheet link is the sandbox's own font, under the same nonce
    expect(page.html).toContain(`<link rel="stylesheet" href="/checkout-page/fonts/noto-sans-kr/index.css" nonce="${nonce}">`);
    expect(page.html).not.toMatch(/<script|\son[a-z]+=|style="|<link(?! rel="icon" href="data:,">| rel="stylesheet" href="\/checkout-page\/fonts\/)|https?:\/\/(?!localhost|127\.0\.0\.1)/i);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.html).toContain('<html lang="ko">');
    expect(page.html).toContain('Demo Shop (데모 상점)');
    expect(page.html).toContain('Jeju green tea set');
    expect(page.html).toContain('₩46,000');
    for (const [name, code] of [['현대카드', 'HYUNDAI'], ['삼성카드', 'SAMSUNG'], ['신한카드', 'SHINHAN'], ['KB국민카드', 'KOOKMIN'], ['롯데카드', 'LOTTE'], ['BC카드', 'BC'], ['하나카드', 'KEBHANA'], ['NH농협카드', 'NONGHYUP'], ['우리카드', 'WOORI'], ['씨티카드', 'CITI']]) {
      expect(page.html).toMatch(new RegExp(`data-brand="${code}"><span class="chip" aria-hidden="true"></span><span class="label"><span class="name">${name}</span>`));
    }
    expect(page.html.match(/class="brand brand-/g)).toHaveLength(CARD_BRANDS.length);
  });

  it('speaks English by Accept-Language, and the ?lang= switch wins over the header', async () => {
    const { normalUrl } = await pay();
    const english = await get(normalUrl, { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' });
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain('Choose the card to pay with');
    expect(english.html).toContain('Hyundai Card');
    const korean = await get(`${normalUrl}&lang=ko`, { 'accept-language': 'en-US' });
    expect(korean.html).toContain('결제할 카드를 선택하세요');
  });

  it('escapes what the merchant sent: <script> in orderDescription is text', async () => {
    const description = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const { normalUrl } = await pay({ order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: 'XSS-1', orderDescription: description } });
    for (const url of [normalUrl, normalUrl.replace('/payment/index.html', '/issuer/hyundai/index.html')]) {
      const page = await get(url);
      expect(page.status).toBe(200);
      expect(page.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(page.html).not.toContain('<script');
      expect(page.html).not.toContain('<img');
    }
  });

  it('answers a forged token, a missing token, an unknown issuer and an unknown page with a 4xx page', async () => {
    const { token } = await pay();
    const forged = await get(`/checkout-page/pages/payment/index.html?sessionData=${token.slice(0, -2)}xx`);
    expect(forged.status).toBe(404);
    expect(forged.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(forged.html).toContain('data-kind="unknownToken"');
    expect(forged.html).toContain('유효하지 않은 결제 링크');
    const missing = await get('/checkout-page/pages/payment/index.html', { 'accept-language': 'en' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('data-kind="missingToken"');
    expect(missing.html).toContain('sessionData: ');
    const issuer = await get(`/checkout-page/pages/issuer/visa/index.html?sessionData=${token}`);
    expect(issuer.status).toBe(404);
    expect(issuer.html).toContain('data-kind="unknownPage"');
    const other = await get('/checkout-page/pages/nothing.html');
    expect(other.status).toBe(404);
    expect(other.html).toContain('data-kind="unknownPage"');
    expect(other.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });

  it('opens the issuer page of selectedCardBrand directly, and keeps that payment on that issuer', async () => {
    const { normalUrl, token, paymentId } = await pay({ paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true, selectedCardBrand: 'KOOKMIN' } } });
    expect(new URL(normalUrl).pathname).toBe('/checkout-page/pages/issuer/kookmin/index.html');
    const page = await get(normalUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<span class="issuer-name" data-testid="issuer-name">KB국민카드</span>');
    expect(page.html).not.toContain('data-testid="other-card"');
    const elsewhere = await get(`${HYUNDAI}?sessionData=${token}`);
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.location).toBe(`/checkout-page/pages/issuer/kookmin/index.html?sessionData=${encodeURIComponent(token)}&lang=ko`);
    const posted = await post(HYUNDAI, { sessionData: token, action: 'approve' });
    expect(posted.status).toBe(409);
    expect(posted.html).toContain('data-kind="wrongBrand"');
    expect((await detail(paymentId)).status).toBe('PROCESSING');
  });

  it('approve → 303 to paymentRedirectUrl, authorized with the card entered; the form allows that origin', async () => {
    const { token, paymentId } = await pay({ paymentRedirectUrl: 'https://shop.example/return?order=7' });
    const page = await get(`${HYUNDAI}?sessionData=${token}`);
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://shop.example;");
    expect(page.html).toContain(`<input type="hidden" name="sessionData" value="${token.replace(/=/g, '&#x3D;')}">`);
    const posted = await post(HYUNDAI, { sessionData: token, action: 'approve', method: 'password', cardNumber: '4111 1111 1111 1111', cardPassword: '12' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('https://shop.example/return?order=7');
    const after = await detail(paymentId);
    expect(after).toMatchObject({ status: 'SUCCESS', cardBrand: 'HYUNDAI', cardNo: '411111******1111', captureState: 'PENDING' });
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(['PAYMENT_CREATED', 'PAYMENT_AUTHORIZED']);
  });

  it('an app-card approve uses the brand test card, whatever sits in the hidden number field', async () => {
    const { token, paymentId } = await pay();
    const posted = await post('/checkout-page/pages/issuer/samsung/index.html', { sessionData: token, action: 'approve', method: 'appCard', cardNumber: '4111111111111111' });
    expect(posted.status).toBe(303);
    expect(await detail(paymentId)).toMatchObject({ status: 'SUCCESS', cardBrand: 'SAMSUNG', cardNo: '536648******9195' });
  });

  it('two approves at once authorize once; both buyers land on the merchant', async () => {
    const { token, paymentId } = await pay();
    const [a, b] = await Promise.all([post(HYUNDAI, { sessionData: token, action: 'approve' }), post(HYUNDAI, { sessionData: token, action: 'approve' })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const after = await detail(paymentId);
    expect(after.timeline.filter((e: { type: string }) => e.type === 'PAYMENT_AUTHORIZED')).toHaveLength(1);
    expect(after.notifications.filter((n: { notifyType: string }) => n.notifyType === 'PAYMENT_RESULT')).toHaveLength(1);
    // the page itself now says the payment is done, and offers the way back
    const page = await get(`${HYUNDAI}?sessionData=${token}`);
    expect(page.html).toContain('data-kind="alreadyPaid"');
    expect(page.html).toContain('href="https://merchant.example/return"');
  });

  it('decline with a chosen code closes the payment with that code; a later approve changes nothing', async () => {
    const { token, paymentId } = await pay();
    const declined = await post(HYUNDAI, { sessionData: token, action: 'decline', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
    expect(declined.status).toBe(303);
    expect(await detail(paymentId)).toMatchObject({ status: 'FAIL', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
    const again = await post(HYUNDAI, { sessionData: token, action: 'approve' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('data-kind="declined"');
    expect(again.html).toContain('USER_BALANCE_NOT_ENOUGH');
    expect(await detail(paymentId)).toMatchObject({ status: 'FAIL', resultCode: 'USER_BALANCE_NOT_ENOUGH' });
  });

  it('cancel at the issuer returns to the merchant and leaves the payment PROCESSING', async () => {
    const { token, paymentId } = await pay();
    const cancelled = await post(HYUNDAI, { sessionData: token, action: 'cancel', lang: 'en' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe('https://merchant.example/return');
    const after = await detail(paymentId);
    expect(after.status).toBe('PROCESSING');
    expect(after.timeline.map((e: { type: string }) => e.type)).toEqual(['PAYMENT_CREATED', 'BUYER_ABANDONED']);
    expect(after.notifications).toHaveLength(0);
  });

  it('an expired payment: the page says so, and a post changes nothing', async () => {
    const { token, paymentId } = await pay();
    await sandbox.control('POST', '/clock/advance', { ms: 14 * 60_000 });
    const page = await get(`${HYUNDAI}?sessionData=${token}`, { 'accept-language': 'en' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-kind="expired"');
    expect(page.html).toContain('Payment expired');
    expect(page.html).not.toContain('data-testid="approve"');
    const posted = await post(HYUNDAI, { sessionData: token, action: 'approve' });
    expect(posted.status).toBe(409);
    expect(posted.html).toContain('data-kind="expired"');
    const after = await detail(paymentId);
    expect(after).toMatchObject({ status: 'FAIL', resultCode: 'ORDER_IS_CLOSED' });
    expect(after.timeline.map((e: { type: string }) => e.type)).not.toContain('PAYMENT_AUTHORIZED');
  });

  it('a payment the merchant cancelled: the page says so', async () => {
    const { normalUrl, paymentId } = await pay();
    expect((await sandbox.call('cancel', { paymentId })).body.result.resultCode).toBe('SUCCESS');
    const page = await get(normalUrl);
    expect(page.html).toContain('data-kind="cancelled"');
    expect(page.html).toContain('취소된 결제입니다');
  });

  it('a form without the token in its body, or with a bad field, is a 400 page naming the field', async () => {
    const { token, paymentId } = await pay();
    const noToken = await post(`${HYUNDAI}?sessionData=${token}`, { action: 'approve' });
    expect(noToken.status).toBe(400);
    expect(noToken.html).toContain('sessionData: ');
    const badAction = await post(HYUNDAI, { sessionData: token, action: 'refund' }, { 'accept-language': 'en' });
    expect(badAction.status).toBe(400);
    expect(badAction.html).toContain('data-kind="badForm"');
    expect(badAction.html).toContain('action: ');
    const badCard = await post(HYUNDAI, { sessionData: token, action: 'approve', cardNumber: 'abcd' });
    expect(badCard.status).toBe(400);
    expect(badCard.html).toContain('cardNumber: must be 12 to 19 digits');
    const json = await request(`${sandbox.url}${HYUNDAI}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sessionData":' });
    expect(json.statusCode).toBe(400);
    expect(await json.body.text()).toContain('data-kind="badForm"');
    const forged = await post(HYUNDAI, { sessionData: `${token}x`, action: 'approve' });
    expect(forged.status).toBe(404);
    expect((await detail(paymentId)).status).toBe('PROCESSING');
  });

  it('never answers 5xx to odd input: broken escapes, an oversized form, an unknown media type, other methods', async () => {
    const { token } = await pay();
    const broken = await get('/checkout-page/pages/payment/index.html?sessionData=%ZZ%');
    expect(broken.status).toBe(404);
    expect(broken.html).toContain('data-kind="unknownToken"');
    const huge = await post(HYUNDAI, { sessionData: token, action: 'approve', filler: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.html).toContain('data-kind="badForm"');
    const multipart = await request(`${sandbox.url}${HYUNDAI}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' });
    expect(multipart.statusCode).toBe(415);
    expect(await multipart.body.text()).toContain('data-kind="badForm"');
    const put = await request(`${sandbox.url}${HYUNDAI}`, { method: 'PUT', body: 'a' });
    expect(put.statusCode).toBe(404);
    expect(await put.body.text()).toContain('data-kind="unknownPage"');
  });

  it('goes through the same authorize as the control API: a scenario that declines declines page approves too', async () => {
    sandbox.app.sandbox.payments.scenarios = { ...NO_SCENARIOS, authorizationOutcome: () => ({ outcome: 'decline', resultCode: 'RISK_REJECT' }) };
    const { token, paymentId } = await pay();
    const posted = await post(HYUNDAI, { sessionData: token, action: 'approve' });
    expect(posted.status).toBe(303);
    const after = await detail(paymentId);
    expect(after).toMatchObject({ status: 'FAIL', resultCode: 'RISK_REJECT' });
    expect(after.notifications.map((n: { body: { result: { resultCode: string } } }) => n.body.result.resultCode)).toEqual(['RISK_REJECT']);
  });
});
