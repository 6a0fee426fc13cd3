import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** The control page's routes (issue 17) answer bad input with a 4xx JSON error, never a 5xx. */
describe('bad input on the control page routes', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const bodies = ['', 'null', '[]', '"text"', '{', '{"ids":null}', '{"ids":["a",1]}', '{"clientId":{},"amount":[]}', '{"clientId":"SANDBOX_DEMO_MERCHANT","amount":"1","cardBrand":"\\u0000"}', '{"clientId":"x","publicKey":"x","privateKey":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----"}'];
  const posts = ['/payments', '/notifications/redeliver', '/merchants', '/payments/NOPE/authorize', '/payments/NOPE/expire'];
  const gets = ['/payments?from=%00', '/payments?to=1e99', '/payments?q=%F0%9F%92%A5&limit=x', '/notifications?status=', '/notifications?limit=-1', '/payments/%00/export', '/requests.har?x=1', '/magic-amounts?lang=zz'];

  it.each(posts)('POST %s', async (path) => {
    for (const body of bodies) {
      const response = await request(`${sandbox.url}/_sandbox/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.body.text();
      expect(response.statusCode, `${path} ${body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${path} ${body}: ${text}`).toBeLessThan(500);
      expect(JSON.parse(text).error.message, `${path} ${body}`).toEqual(expect.any(String));
    }
  });

  it.each(gets)('GET %s', async (path) => {
    const response = await request(`${sandbox.url}/_sandbox/api${path}`);
    const text = await response.body.text();
    expect(response.statusCode, text).toBeLessThan(500);
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
