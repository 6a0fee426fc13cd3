import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** package.json `exports` is the public surface: `.`, `./client`, `./protocol`, nothing else. */
async function importInNode(specifier: string): Promise<{ ok: boolean; keys: string[]; error: string }> {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m).sort())), (e) => { console.log(JSON.stringify({ error: e.code || e.message })); })`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  const parsed = JSON.parse(stdout.trim()) as string[] | { error: string };
  return Array.isArray(parsed) ? { ok: true, keys: parsed, error: '' } : { ok: false, keys: [], error: parsed.error };
}

describe('the public surface of the package', () => {
  it('exports buildSandbox from "antom-sandbox"', async () => {
    const result = await importInNode('antom-sandbox');
    expect(result.ok).toBe(true);
    expect(result.keys).toContain('buildSandbox');
  });

  it('exports the protocol from "antom-sandbox/protocol"', async () => {
    const result = await importInNode('antom-sandbox/protocol');
    expect(result.keys).toEqual(expect.arrayContaining(['buildSignedText', 'parseSignatureHeader', 'RESULT_CODES', 'payRequestSchema', 'loadPrivateKey']));
  });

  it('refuses deep imports of internals', async () => {
    for (const specifier of ['antom-sandbox/emulator/app.js', 'antom-sandbox/dist/emulator/app.js', 'antom-sandbox/protocol/signing.js']) {
      const result = await importInNode(specifier);
      expect(result, specifier).toMatchObject({ ok: false, error: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    }
  });
});
