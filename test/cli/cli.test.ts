import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { controlCall, signedCall } from '../support/antom-http.js';
import { runCli, spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest } from '../support/sandbox-harness.js';

describe('the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'antom-cli-'));
  const running: SandboxProcess[] = [];
  afterAll(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  it('keeps every payment across a restart with the same data file', async () => {
    const data = join(dir, 'restart.db');
    const first = await spawnSandbox(['--data', data]);
    running.push(first);
    expect(first.output()).toContain('SANDBOX_DEMO_MERCHANT');
    const paid = await signedCall(first.url, 'pay', payRequest());
    const authorized = await signedCall(first.url, 'pay', payRequest());
    await controlCall(first.url, 'POST', `/payments/${authorized.paymentId}/authorize`, { outcome: 'approve' });
    await controlCall(first.url, 'POST', '/clock/advance', { ms: 5_000 });
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(0);

    const second = await spawnSandbox(['--data', data]);
    running.push(second);
    const inquiry = await signedCall(second.url, 'inquiryPayment', { paymentId: paid.paymentId });
    expect(inquiry.paymentStatus).toBe('PROCESSING');
    const captured = await signedCall(second.url, 'inquiryPayment', { paymentId: authorized.paymentId });
    expect(captured.paymentStatus).toBe('SUCCESS');
    expect(captured.transactions[0].transactionType).toBe('CAPTURE');
    // the virtual clock's offset survived the restart
    expect((await controlCall(second.url, 'GET', '/clock')).offsetMs).toBe(5_000);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  });

  it('reads settings from ANTOM_SANDBOX_* variables', async () => {
    const p = await spawnSandbox([], { ANTOM_SANDBOX_DATA: ':memory:', ANTOM_SANDBOX_ACCEPT_ANY_CLIENT: 'true', ANTOM_SANDBOX_PUBLIC_URL: 'http://pay.test:9999' });
    running.push(p);
    const pay = await signedCall(p.url, 'pay', payRequest(), 'SANDBOX_ANYONE');
    expect(pay.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(pay.normalUrl).toMatch(/^http:\/\/pay\.test:9999\/checkout-page\//);
    p.child.kill('SIGTERM');
    await p.exited;
  });

  it.each([
    [['--port', 'abc'], /--port: "abc" is not a whole number/],
    [['--notify-retries', 'sometimes'], /--notify-retries: "sometimes" is not one of antom, none/],
    [['--log-level', 'loud'], /--log-level: "loud" is not one of/],
    [['--merchant', 'nonsense'], /--merchant: "nonsense" is not <clientId>=<publicKeyFile>/],
    [['--signing-key', '/nope/key.pem'], /--signing-key: there is no file "\/nope\/key.pem": check the path/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with a sentence and exit code 2', async (args, message) => {
    const result = await runCli(['--data', ':memory:', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('prints the sandbox public key with "keys"', async () => {
    const result = await runCli(['keys']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-----BEGIN PUBLIC KEY-----');
    expect(result.stdout).toMatch(/\n[A-Za-z0-9+/]{300,}={0,2}\n/);
  });

  it('prints every flag with its environment variable in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--port', '--data', '--public-url', '--merchant', '--accept-any-client', '--notify-retries', '--capture-delay', '--control-token', '--tls']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain('ANTOM_SANDBOX_CAPTURE_DELAY');
    expect(result.stdout).toMatch(/antom-sandbox call <api> \[flags\]\s+make one signed Antom call as a merchant/);
    expect(result.stdout).toMatch(/antom-sandbox sign <path> \[flags\]\s+print the signed headers of a request, for curl/);
    expect(result.stdout).toContain('[,name=<display name>]');
  });
});
