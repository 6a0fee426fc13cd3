import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

const TOKEN = 'qa-secret-token';

describe('--control-token', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ controlToken: TOKEN });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => request(`${sandbox.url}${path}`, { headers });

  it('the control API answers 401 without the token, with a sentence saying what to send', async () => {
    for (const path of ['/_sandbox/api/payments', '/_sandbox/api/scenarios', '/_sandbox/api/requests', '/_sandbox/api/nope']) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await response.body.json()) as object).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization: Bearer') } });
    }
    expect((await get('/_sandbox/api/payments', { authorization: 'Bearer wrong' })).statusCode).toBe(401);
  });

  it('with the Bearer token everything works; health needs none; the Antom API is unaffected', async () => {
    const response = await get('/_sandbox/api/scenarios', { authorization: `Bearer ${TOKEN}` });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ rules: [] });
    expect((await get('/_sandbox/health')).statusCode).toBe(200);
    expect((await sandbox.call('pay', payRequest())).body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('the page asks to log in; the login sets an HttpOnly cookie that opens the page and the API', async () => {
    const page = await get('/_sandbox');
    expect(page.statusCode).toBe(401);
    const loginHtml = await page.body.text();
    expect(loginHtml).toContain('<form method="post" action="/_sandbox/login">');
    expect(loginHtml).not.toContain(TOKEN);

    const wrong = await request(`${sandbox.url}/_sandbox/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope&lang=en' });
    expect(wrong.statusCode).toBe(401);
    expect(await wrong.body.text()).toContain('Wrong token');

    const login = await request(`${sandbox.url}/_sandbox/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(TOKEN)}` });
    await login.body.dump();
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/_sandbox');
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    const opened = await get('/_sandbox', { cookie });
    expect(opened.statusCode).toBe(200);
    expect(await opened.body.text()).toContain('antom-sandbox control');
    expect((await get('/_sandbox/api/payments', { cookie })).statusCode).toBe(200);
  });
});

describe('control and Antom paths stay apart', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('no token: the page and API open directly', async () => {
    const page = await request(`${sandbox.url}/_sandbox`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await sandbox.control('GET', '/scenarios')).status).toBe(200);
  });

  it('a control path under /ams is an Antom NO_INTERFACE_DEF; an Antom path under the control API is a JSON 404', async () => {
    const antom = await sandbox.call('x', {}, { path: '/ams/api/v1/payments/_sandbox/api/scenarios' });
    expect(antom.body.result.resultCode).toBe('NO_INTERFACE_DEF');
    expect(antom.verified.ok).toBe(true);
    const control = await sandbox.control('POST', '/ams/api/v1/payments/pay', {});
    expect(control.status).toBe(404);
    expect(control.body.error.code).toBe('NOT_FOUND');
    expect(control.body.result).toBeUndefined();
  });
});
