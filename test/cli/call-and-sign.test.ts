import { spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall } from '../support/antom-http.js';
import { CLI_PATH, spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { demoMerchantPublicPem } from '../support/keys.js';
import { payRequest } from '../support/sandbox-harness.js';

/** The merchant-side subcommands through the real CLI, against a real sandbox process. */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ANTOM_SANDBOX_URL: '', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const line = (stdout: string, label: string) => stdout.split('\n').find((l) => l.startsWith(`${label}: `))?.slice(label.length + 2);

describe('antom-sandbox call and sign', () => {
  let sandbox: SandboxProcess;
  const dir = mkdtempSync(join(tmpdir(), 'antom-call-'));
  beforeAll(async () => {
    sandbox = await spawnSandbox(['--data', ':memory:']);
  });
  afterAll(async () => {
    sandbox.child.kill('SIGTERM');
    await sandbox.exited;
  });

  it('pays as the demo merchant from the friendly flags and shows the normalUrl', async () => {
    const result = await cli(['call', 'pay', '--amount', '12000', '--brand', 'hyundai', '--notify-url', 'http://127.0.0.1:9/notify', '--url', sandbox.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST ${sandbox.url}/ams/sandbox/api/v1/payments/pay  (client-id SANDBOX_DEMO_MERCHANT)`);
    expect(line(result.stdout, 'response signature')).toBe(`VALID (checked with Antom's public key from ${sandbox.url}/_sandbox/api/keys)`);
    expect(line(result.stdout, 'result')).toBe('PAYMENT_IN_PROCESS (U) payment in process');
    const normalUrl = line(result.stdout, 'normalUrl (open it in a browser)');
    expect(normalUrl).toMatch(/\/checkout-page\/pages\/issuer\/hyundai\/index\.html\?sessionData=/);
    // what the sandbox stored is what the flags said
    const payment = await controlCall(sandbox.url, 'GET', `/payments/${line(result.stdout, 'paymentId')}`);
    expect(payment).toMatchObject({ clientId: 'SANDBOX_DEMO_MERCHANT', amount: { currency: 'KRW', value: '12000' }, selectedCardBrand: 'HYUNDAI', notifyUrl: 'http://127.0.0.1:9/notify' });
    const opened = await request(normalUrl!);
    expect(opened.statusCode).toBe(200);
    await opened.body.dump();
  });

  it('takes the gateway from ANTOM_SANDBOX_URL and a body from standard input, exiting 1 on an F result', async () => {
    const body = JSON.stringify(payRequest({ paymentAmount: { currency: 'KRW', value: '11' }, order: { orderAmount: { currency: 'KRW', value: '11' }, referenceOrderId: 'R-11', orderDescription: 'magic 11' } }));
    const result = await cli(['call', 'pay', '--json', '-'], { env: { ANTOM_SANDBOX_URL: sandbox.url }, stdin: body });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(body);
    expect(line(result.stdout, 'result')).toMatch(/^RISK_REJECT \(F\)/);
    expect(line(result.stdout, 'response signature')).toMatch(/^VALID/);
  });

  it('inquires by payment id', async () => {
    const paid = await cli(['call', 'pay', '--url', sandbox.url]);
    const paymentId = line(paid.stdout, 'paymentId')!;
    const result = await cli(['call', 'inquiryPayment', '--payment-id', paymentId, '--url', sandbox.url]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.split('\n')[1]!)).toEqual({ paymentId });
    expect(result.stdout).toContain('"paymentStatus": "PROCESSING"');
  });

  it('says INVALID when the response signature does not verify', async () => {
    await controlCall(sandbox.url, 'POST', '/scenarios', { match: { api: 'pay' }, effect: { badSignature: true }, times: 1 });
    const result = await cli(['call', 'pay', '--url', sandbox.url]);
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'response signature')).toMatch(/^INVALID: pay: the response signature does not verify with Antom's public key/);
  });

  it("acts as the merchant of --client-id and --key, and shows the sandbox's refusal of a wrong key", async () => {
    const own = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'shop-private.pem'), own.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const publicKey = createPublicKey(own.privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
    await controlCall(sandbox.url, 'POST', '/merchants', { clientId: 'SANDBOX_CLI_SHOP', name: 'CLI Shop', publicKey });
    const ok = await cli(['call', 'pay', '--client-id', 'SANDBOX_CLI_SHOP', '--key', join(dir, 'shop-private.pem'), '--url', sandbox.url]);
    expect(ok.code).toBe(0);
    expect(line(ok.stdout, 'result')).toMatch(/^PAYMENT_IN_PROCESS/);
    const journal = await controlCall(sandbox.url, 'GET', '/requests?clientId=SANDBOX_CLI_SHOP');
    expect(journal.requests[0].verdict).toBe('VALID');

    const wrong = await cli(['call', 'pay', '--client-id', 'SANDBOX_CLI_SHOP', '--key', join(import.meta.dirname, '..', '..', 'fixtures', 'keys', 'demo-merchant-private.pem'), '--url', sandbox.url]);
    expect(wrong.code).toBe(1);
    expect(line(wrong.stdout, 'result')).toMatch(/^INVALID_SIGNATURE \(F\)/);
  });

  it.each([
    [['call', 'paynow'], /^antom-sandbox call: call takes one API: pay, inquiryPayment/],
    [['call', 'pay', '--json', 'x.json', '--amount', '5'], /--json sends the file as is; leave out --amount\./],
    [['call', 'pay', '--amount', '12.50'], /--amount: "12\.50" is not a whole number of won/],
    [['call', 'pay', '--client-id', 'SANDBOX_OTHER'], /--client-id SANDBOX_OTHER needs --key <file>/],
    [['call', 'inquiryPayment'], /Give exactly one of --payment-id or --payment-request-id/],
    [['call', 'pay', '--bogus'], /^antom-sandbox call: Unknown option '--bogus'\. Run antom-sandbox call --help for the flags\./],
    [['sign', '/ams/api/v1/payments/pay'], /Give the body to sign with --body <text> or --json <file\|->/],
    [['sign', 'payy', '--body', '{}'], /"payy" is neither a path/],
  ])('refuses %j with a sentence and exit code 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('says so when no sandbox answers', async () => {
    const result = await cli(['call', 'pay', '--url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^antom-sandbox call: pay: no answer from \/ams\/sandbox\/api\/v1\/payments\/pay: .*Is the sandbox running there\?/);
  });

  it('prints --help for both', async () => {
    expect((await cli(['call', '--help'])).stdout).toMatch(/--amount <KRW>[\s\S]*--redirect-url/);
    expect((await cli(['sign', '--help'])).stdout).toContain('curl -H @- ');
  });

  it('sign prints headers that verify independently and that the sandbox accepts', async () => {
    const body = JSON.stringify(payRequest());
    const path = '/ams/api/v1/payments/pay';
    const result = await cli(['sign', path, '--body', body, '--time', '2026-12-06T10:00:00+09:00']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(': ')[0])).toEqual(['client-id', 'request-time', 'signature']);
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
    expect(headers).toMatchObject({ 'client-id': 'SANDBOX_DEMO_MERCHANT', 'request-time': '2026-12-06T10:00:00+09:00' });
    expect(headers.signature).toMatch(/^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
    expect(verifyLikeAnSdk({ method: 'POST', path, headers, body, publicKey: createPublicKey(demoMerchantPublicPem), timeHeader: 'request-time' })).toEqual({ ok: true });

    const response = await request(`${sandbox.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(((await response.body.json()) as { result: { resultCode: string } }).result.resultCode).toBe('PAYMENT_IN_PROCESS');
  });

  it('sign reads the body from a file, and an API name means the /ams/api path', async () => {
    const body = `${JSON.stringify(payRequest(), null, 2)}\n`;
    writeFileSync(join(dir, 'pay.json'), body);
    const result = await cli(['sign', 'pay', '--json', join(dir, 'pay.json')]);
    const headers = Object.fromEntries(result.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
    expect(verifyLikeAnSdk({ method: 'POST', path: '/ams/api/v1/payments/pay', headers, body, publicKey: createPublicKey(demoMerchantPublicPem), timeHeader: 'request-time' })).toEqual({ ok: true });
    expect(Number(headers['request-time'])).toBeGreaterThan(Date.now() - 60_000);
  });
});
