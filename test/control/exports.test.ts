import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { curlCommand, shellQuote } from '../../emulator/domain/journal-formats.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest, startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

const run = promisify(execFile);

// HAR 1.2's required fields (http://www.softwareishard.com/blog/har-12-spec/), checked strictly enough to fail
const nameValue = z.object({ name: z.string(), value: z.string() });
const harSchema = z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.literal('antom-sandbox'), version: z.string().min(1) }),
    entries: z.array(
      z.object({
        startedDateTime: z.iso.datetime(),
        time: z.number().min(0),
        request: z.object({
          method: z.string(),
          url: z.url(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: z.array(nameValue),
          queryString: z.array(nameValue),
          postData: z.object({ mimeType: z.string(), text: z.string() }).optional(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        response: z.object({
          status: z.number().int(),
          statusText: z.string(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: z.array(nameValue),
          content: z.object({ size: z.number(), mimeType: z.string(), text: z.string().optional() }),
          redirectURL: z.string(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        cache: z.object({}),
        timings: z.object({ send: z.number().min(0), wait: z.number().min(0), receive: z.number().min(0) }),
      }),
    ),
  }),
});

describe('exports: a payment as JSON, the journal as HAR, copy as curl', () => {
  let sandbox: TestSandbox;
  let receiver: NotificationReceiver;
  let paymentId: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startReceiver();
    paymentId = (await sandbox.call('pay', payRequest({ paymentNotifyUrl: receiver.url }))).body.paymentId;
    await sandbox.control('POST', `/payments/${paymentId}/authorize`, { outcome: 'approve' });
    await sandbox.control('POST', '/clock/advance', { ms: 24 * 3600_000 });
    await sandbox.app.sandbox.outbox.settle();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('GET /payments/:id/export downloads the payment, its timeline, transactions and notifications with attempts', async () => {
    const response = await request(`${sandbox.url}/_sandbox/api/payments/${paymentId}/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="payment-${paymentId}.json"`);
    const body = (await response.body.json()) as any;
    expect(body.payment).toMatchObject({ paymentId, status: 'SUCCESS', captureState: 'SUCCESS' });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(['PAYMENT_CREATED', 'PAYMENT_AUTHORIZED', 'CAPTURE_SUCCEEDED']);
    expect(body.events[1]).toMatchObject({ cause: { kind: 'control-api' }, summary: { en: expect.any(String), ko: expect.any(String) } });
    expect(body.transactions.map((t: { transactionType: string }) => t.transactionType)).toContain('CAPTURE');
    expect(body.notifications.map((n: { notifyType: string }) => n.notifyType)).toEqual(['PAYMENT_RESULT', 'CAPTURE_RESULT']);
    expect(body.notifications[0].deliveries).toEqual([expect.objectContaining({ attempt: 1, ok: true, httpStatus: 200 })]);
    expect((await request(`${sandbox.url}/_sandbox/api/payments/NOPE/export`)).statusCode).toBe(404);
  });

  it('GET /requests.har is HAR 1.2 with every journaled call, oldest first', async () => {
    await sandbox.call('pay', payRequest(), { headers: { signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' } });
    const response = await request(`${sandbox.url}/_sandbox/api/requests.har`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.har"$/);
    const har = harSchema.parse(await response.body.json());
    expect(har.log.entries).toHaveLength(2);
    const [first, second] = har.log.entries;
    expect(first!.request).toMatchObject({ method: 'POST', url: `${sandbox.app.sandbox.publicUrl()}/ams/api/v1/payments/pay` });
    expect(first!.request.headers).toContainEqual({ name: 'client-id', value: 'SANDBOX_DEMO_MERCHANT' });
    expect(JSON.parse(first!.request.postData!.text).paymentNotifyUrl).toBe(receiver.url);
    expect(first!.response.status).toBe(200);
    expect(JSON.parse(first!.response.content.text!).paymentId).toBe(paymentId);
    expect(JSON.parse(second!.response.content.text!).result.resultCode).toBe('INVALID_SIGNATURE');
  });

  it('each journal entry carries a curl command; run by a real shell it repeats the call exactly', async () => {
    const { body } = await sandbox.control('GET', '/requests?limit=10');
    const entry = body.requests.find((e: { verdict: string }) => e.verdict === 'VALID');
    // point the command at this sandbox's loopback address, then let curl send it
    const command = String(entry.curl).replace(sandbox.app.sandbox.publicUrl(), sandbox.url);
    const { stdout } = await run('sh', ['-c', `${command} -s`]);
    // the same signed pay again: an idempotent repeat answering the same payment
    expect(JSON.parse(stdout).paymentId).toBe(paymentId);
    const [repeat] = (await sandbox.control('GET', '/requests?limit=1')).body.requests;
    expect(repeat).toMatchObject({ verdict: 'VALID', requestBody: entry.requestBody });
  });
});

describe('shell quoting of curl commands', () => {
  const nasty = [`it's`, `$(touch PWNED)`, '`touch PWNED`', `"; touch PWNED; echo "`, `'; touch PWNED; echo '`, 'line1\nline2', '\\$HOME ${HOME} !! *', "''''", '@/etc/passwd'];

  it.each(nasty)('%j comes back byte for byte through sh, and runs nothing', async (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'curl-quote-'));
    const { stdout } = await run('sh', ['-c', `printf '%s' ${shellQuote(text)}`], { cwd: dir });
    expect(stdout).toBe(text);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('a body full of quotes and $() is passed to curl as one literal --data-raw word', async () => {
    const body = `{"orderDescription":"it's $(touch PWNED) \`id\`"}`;
    const command = curlCommand({ at: '2026-12-06T10:00:00+09:00', method: 'POST', path: '/ams/api/v1/payments/pay', requestHeaders: { 'client-id': "O'Brien" }, requestBody: body, httpStatus: 200, responseBody: null, durationMs: 1 }, 'http://127.0.0.1:9');
    const dir = mkdtempSync(join(tmpdir(), 'curl-quote-'));
    // print the words the shell would hand to curl instead of running it
    const { stdout } = await run('sh', ['-c', `${command.replace(/^curl /, "printf '%s\\n' ")}`], { cwd: dir });
    expect(stdout.split('\n').slice(0, -1)).toEqual(['-X', 'POST', 'http://127.0.0.1:9/ams/api/v1/payments/pay', '-H', "client-id: O'Brien", '--data-raw', body]);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });
});
