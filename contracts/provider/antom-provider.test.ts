/**
 * Provider verification: the real emulator (buildSandbox, listening on a random port) against
 * the pacts the consumer phase wrote, HTTP interactions and notification messages in one
 * Verifier run, with the documented provider states created through the domain services.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVerifyReport } from '../../emulator/verify/verify-report.js';
import { runPactVerification } from '../../emulator/verify/verify-runner.js';

const pactsDir = join(import.meta.dirname, '..', 'pacts');
const referencePact = join(pactsDir, 'antom-reference-client-antom.json');
const wrongPact = join(import.meta.dirname, '..', 'fixtures', 'wrong-pact.json');

interface VerifierJson {
  interactionResults: Array<{ description: string; result: string }>;
}

describe('the sandbox honours the reference client’s pact', () => {
  it('verifies every interaction, HTTP and messages, against the live provider', async () => {
    const pact = JSON.parse(readFileSync(referencePact, 'utf8')) as { interactions: Array<{ description: string; type: string }> };
    const run = await runPactVerification({ pactFiles: [referencePact] });
    const report = formatVerifyReport([referencePact], run);
    expect(run.ok, report).toBe(true);
    expect(run.unknownStates).toEqual([]);
    const results = (run.results as VerifierJson).interactionResults;
    // every interaction of the file was exercised, none skipped
    expect(results.map((r) => r.description).sort()).toEqual(pact.interactions.map((i) => i.description).sort());
    expect(results.every((r) => r.result === 'OK')).toBe(true);
    expect(pact.interactions.some((i) => i.type === 'Asynchronous/Messages')).toBe(true);
    // each HTTP interaction reached the sandbox once, re-signed, and its signature checked VALID
    const httpInteractions = pact.interactions.filter((i) => i.type === 'Synchronous/HTTP').length;
    expect(run.signatureVerdicts).toEqual({ VALID: httpInteractions });
  }, 120_000);
});

describe('a deliberately wrong pact', () => {
  it('fails verification with a readable mismatch naming the field, the expectation and the answer', async () => {
    const run = await runPactVerification({ pactFiles: [wrongPact] });
    expect(run.ok).toBe(false);
    const report = formatVerifyReport([wrongPact], run);
    expect(report).toContain('FAIL  a pay request that wrongly expects an immediate SUCCESS');
    expect(report).toContain('$.result.resultCode: the pact expects "SUCCESS", the sandbox answered "PAYMENT_IN_PROCESS"');
    expect(report).toContain('$.paymentStatus: the pact expects "SUCCESS", the sandbox answered "CANCELLED"');
    expect(report).toMatch(/FAILED: 2 of 2 interaction\(s\)/);
  }, 120_000);
});

describe('a pact naming a provider state the sandbox does not provide', () => {
  it('fails, and the report names the unknown state and lists the documented ones', async () => {
    const pact = JSON.parse(readFileSync(join(pactsDir, 'example-merchant-shop-antom.json'), 'utf8'));
    pact.interactions[1].providerStates = [{ name: 'a paid payment' }];
    const file = join(mkdtempSync(join(tmpdir(), 'pact-')), 'unknown-state.json');
    writeFileSync(file, JSON.stringify(pact));
    const run = await runPactVerification({ pactFiles: [file] });
    expect(run.ok).toBe(false);
    expect(run.unknownStates).toEqual(['a paid payment']);
    const report = formatVerifyReport([file], run);
    expect(report).toContain('Unknown provider state(s): "a paid payment".');
    expect(report).toContain('  "an authorized and captured payment": ');
  }, 120_000);
});
