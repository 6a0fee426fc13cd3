/** `antom-sandbox verify` end to end: the real CLI (dist/cli/antom-sandbox.js) in a child process. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-process.js';

const merchantPact = join(import.meta.dirname, '..', 'pacts', 'example-merchant-shop-antom.json');
const wrongPact = join(import.meta.dirname, '..', 'fixtures', 'wrong-pact.json');
const env = { PACT_DO_NOT_TRACK: 'true' };

describe('antom-sandbox verify', () => {
  it('exits 0 and reports every interaction on a good merchant pact', async () => {
    const { code, stdout, stderr } = await runCli(['verify', merchantPact], env);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toContain('PASS  a pay request from the shop');
    expect(stdout).toContain('PASS  an inquiry about a paid order');
    expect(stdout).toContain('OK: all 2 interaction(s) verified against the sandbox.');
    // the replayed requests were re-signed with a real key, not let through unchecked
    expect(stdout).toContain('Request signatures, as the sandbox checked them: 2 VALID.');
  }, 120_000);

  it('exits 1 with a readable mismatch on a wrong pact', async () => {
    const { code, stdout } = await runCli(['verify', wrongPact], env);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL  an inquiry that wrongly expects a cancelled payment to be paid');
    expect(stdout).toContain('$.paymentStatus: the pact expects "SUCCESS", the sandbox answered "CANCELLED"');
    expect(stdout).toContain('FAILED: 2 of 2 interaction(s)');
  }, 120_000);

  it('verifies a whole directory of pacts', async () => {
    const { code, stdout } = await runCli(['verify', join(import.meta.dirname, '..', 'pacts')], env);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/2 pact file\(s\): antom-reference-client-antom\.json, example-merchant-shop-antom\.json/);
  }, 120_000);

  it('exits 2 with usage and the provider state names when given nothing, or a missing path', async () => {
    const none = await runCli(['verify'], env);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('"an authorized and captured payment"');
    const missing = await runCli(['verify', join(import.meta.dirname, 'no-such-pact.json')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-pact.json: no such file or directory');
  });

  it('exits 2 and says how to install @pact-foundation/pact when it is missing', async () => {
    const hide = join(import.meta.dirname, '..', 'fixtures', 'without-pact.mjs');
    const { code, stderr } = await runCli(['verify', merchantPact], { ...env, NODE_OPTIONS: `--import=${hide}` });
    expect(code).toBe(2);
    expect(stderr.startsWith('antom-sandbox verify needs @pact-foundation/pact, which is not installed')).toBe(true);
    expect(stderr).toContain('npm install --save-dev @pact-foundation/pact@16.5.0');
  });
});
