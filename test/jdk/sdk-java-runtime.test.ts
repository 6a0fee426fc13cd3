import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';

/**
 * The Java profile's claims checked with the JDK itself (java is on every machine of this
 * project's kind): its key spec, URL coder, header parsing and ISO-8859-1 body, against a real sandbox.
 */
describe('the Java profile with the JDK\'s own classes', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('refuses a PKCS#1 key, verifies a pay answer, and meets INVALID_SIGNATURE for a Korean body (signed UTF-8, sent ISO-8859-1)', async () => {
    const program = join(import.meta.dirname, '..', 'support', 'SdkJavaCall.java');
    const keys = join(import.meta.dirname, '..', '..', 'fixtures', 'keys');
    const { publicKeyBase64 } = await sandbox.control.keys();
    const { stdout } = await promisify(execFile)('java', [program, sandbox.url, keys, publicKeyBase64], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual(['pkcs1 key: InvalidKeySpecException', 'ascii: verified PAYMENT_IN_PROCESS', 'korean: verified INVALID_SIGNATURE']);
  }, 90_000);
});
