import { describe, expect, it } from 'vitest';
import { formatVerifyReport } from '../../emulator/verify/verify-report.js';

const files = ['/tmp/pacts/shop-antom.json'];

describe('formatVerifyReport', () => {
  it('lists passes and says OK', () => {
    const report = formatVerifyReport(files, {
      ok: true,
      unknownStates: [],
      signatureVerdicts: { VALID: 1 },
      results: { result: true, interactionResults: [{ description: 'a pay', result: 'OK' }], errors: [] },
    });
    expect(report).toContain('Request signatures, as the sandbox checked them: 1 VALID.');
    expect(report).toContain('1 pact file(s): shop-antom.json');
    expect(report).toContain('  PASS  a pay');
    expect(report).toContain('OK: all 1 interaction(s) verified against the sandbox.');
  });

  it('puts each mismatch under its interaction: body path, header, or plain message', () => {
    const report = formatVerifyReport(files, {
      ok: false,
      unknownStates: ['a payment on the moon'],
      signatureVerdicts: {},
      results: {
        result: false,
        interactionResults: [
          { description: 'a pay', result: 'OK' },
          { description: 'an inquiry', result: 'Error' },
        ],
        errors: [
          {
            interaction: 'Verifying a pact between shop and antom Given a failed payment - an inquiry',
            mismatch: {
              type: 'mismatches',
              mismatches: [
                { type: 'BodyMismatch', path: '$.paymentStatus', expected: '"SUCCESS"', actual: '"FAIL"', mismatch: 'x' },
                { type: 'HeaderMismatch', key: 'signature', expected: 'a', actual: 'b', mismatch: 'y' },
                { type: 'StatusMismatch', mismatch: 'expected status 200 but was 500' },
              ],
            },
          },
        ],
      },
    });
    const lines = report.split('\n');
    const at = lines.indexOf('  FAIL  an inquiry');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('        $.paymentStatus: the pact expects "SUCCESS", the sandbox answered "FAIL"');
    expect(lines[at + 2]).toBe('        header signature: the pact expects "a", the sandbox answered "b"');
    expect(lines[at + 3]).toBe('        StatusMismatch: expected status 200 but was 500');
    expect(report).toContain('Unknown provider state(s): "a payment on the moon".');
    expect(report).toContain('  "a cancelled payment": ');
    expect(report).toContain('FAILED: 1 of 2 interaction(s) did not verify against the sandbox.');
  });

  it('shows the verifier error when there is no JSON result', () => {
    const report = formatVerifyReport(files, { ok: false, unknownStates: [], signatureVerdicts: {}, results: undefined, error: 'Verification was unable to run' });
    expect(report).toContain('The verifier could not run: Verification was unable to run');
    expect(report).toContain('FAILED: 0 of 0');
  });
});
