import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

/** What the fuzzers found, kept as plain regression tests. */
describe('fuzz findings', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it('a client-id that is not printable ASCII → CLIENT_INVALID, with a response signature an SDK can check', async () => {
    // 'Ӑ' sent as its UTF-8 bytes: echoed back, an SDK would decode it differently from the signed text
    const utf8AsBytes = Buffer.from('Ӑ', 'utf8').toString('latin1');
    const response = await sandbox.call('pay', payRequest(), { headers: { 'client-id': utf8AsBytes } });
    expect(response.status).toBe(200);
    expect(response.body.result).toMatchObject({ resultCode: 'CLIENT_INVALID', resultStatus: 'F', resultMessage: expect.stringContaining('printable ASCII') });
    expect(response.headers['client-id']).toBe('');
    expect(response.verified).toEqual({ ok: true });
  });
});
