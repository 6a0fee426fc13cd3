import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCall } from '../support/antom-http.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';

/**
 * The README's "Five minutes to a first payment" and "Signing by hand", run as written: each
 * shell block marked `<!-- readme-test: <name> -->` is taken from README.md as it is and run
 * with bash against a started sandbox. Only the sandbox's address changes, through the
 * ANTOM_SANDBOX_URL variable the README's commands read.
 */
const REPO = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

function readmeBlock(markdown: string, name: string): string {
  const marker = `<!-- readme-test: ${name} -->`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const fence = /^([ \t]*)```sh\n([\s\S]*?)\n[ \t]*```$/m.exec(markdown.slice(at + marker.length));
  if (!fence) throw new Error(`no \`\`\`sh block after ${marker}`);
  // a block inside a list item is indented: remove the fence's indentation from every line
  const indent = fence[1]!;
  return fence[2]!
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: options.cwd, env: { ...process.env, npm_config_update_notifier: 'false', ...options.env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the README's first payment, run verbatim", () => {
  let sandbox: SandboxProcess;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sandbox = await spawnSandbox(['--data', ':memory:']);
    env = { ANTOM_SANDBOX_URL: sandbox.url };
  });
  afterAll(async () => {
    sandbox.child.kill('SIGTERM');
    await sandbox.exited;
  });

  it('finds every marked block', () => {
    for (const name of ['keypair', 'register', 'pay-call', 'pay-curl', 'sign-openssl']) expect(readmeBlock(README, name)).toMatch(/\S/);
    expect(readmeBlock(README, 'pay-call')).toBe('npx antom-sandbox call pay --amount 46000');
  });

  it('step 3: makes a key pair and registers the merchant with its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'antom-readme-'));
    const result = await bash(`${readmeBlock(README, 'keypair')}\n${readmeBlock(README, 'register')}`, { cwd: dir, env });
    // (openssl genpkey draws its progress dots on stderr)
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ clientId: 'SANDBOX_MY_SHOP', name: 'My Shop', notifyUrl: 'http://localhost:3000/antom/notify' });
    const { merchants } = await controlCall(sandbox.url, 'GET', '/merchants');
    expect(merchants.map((m: { clientId: string }) => m.clientId)).toContain('SANDBOX_MY_SHOP');
  });

  it('step 5, the CLI way: npx antom-sandbox call pay', async () => {
    const result = await bash(readmeBlock(README, 'pay-call'), { cwd: REPO, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('result: PAYMENT_IN_PROCESS (U)');
    expect(result.stdout).toContain(`response signature: VALID (checked with Antom's public key from ${sandbox.url}/_sandbox/api/keys)`);
    expect(result.stdout).toMatch(new RegExp(`normalUrl \\(open it in a browser\\): ${sandbox.url}/checkout-page/pages/payment/index\\.html\\?sessionData=`));
  });

  it('step 5, the curl way (signed by antom-sandbox sign), then the same body signed by hand with openssl', async () => {
    const curl = await bash(readmeBlock(README, 'pay-curl'), { cwd: REPO, env });
    expect(curl.code, curl.stderr).toBe(0);
    const answer = JSON.parse(curl.stdout);
    expect(answer.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(answer.normalUrl).toMatch(/\/checkout-page\/pages\/payment\/index\.html\?sessionData=/);

    // "Signing by hand" uses step 5's $BODY: run it after step 5's block in one shell
    await controlCall(sandbox.url, 'POST', '/reset', {});
    const byHand = await bash(`${readmeBlock(README, 'pay-curl')}\necho\n${readmeBlock(README, 'sign-openssl')}`, { cwd: REPO, env });
    expect(byHand.code, byHand.stderr).toBe(0);
    const [first, second] = byHand.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(first.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(second.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    expect(second.paymentId).toBe(first.paymentId);
    // both requests passed the signature check (an idempotent replay is still checked first)
    const { requests } = await controlCall(sandbox.url, 'GET', '/requests');
    expect(requests.map((r: { verdict: string; path: string }) => [r.path, r.verdict])).toEqual([
      ['/ams/api/v1/payments/pay', 'VALID'],
      ['/ams/api/v1/payments/pay', 'VALID'],
    ]);
  });
});
