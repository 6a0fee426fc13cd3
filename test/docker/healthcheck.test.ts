import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { refusedUrl } from '../support/notification-receiver.js';

const run = promisify(execFile);
const HEALTHCHECK = join(import.meta.dirname, '..', '..', 'dist', 'emulator', 'healthcheck.js');

/** the image's HEALTHCHECK command, outside the image: exit code and stderr */
async function healthcheck(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('the HEALTHCHECK command (dist/emulator/healthcheck.js)', () => {
  const running: SandboxProcess[] = [];
  afterAll(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  it('passes against a running sandbox on ANTOM_SANDBOX_PORT, over HTTP and with ANTOM_SANDBOX_TLS', async () => {
    const plain = await spawnSandbox(['--data', ':memory:']);
    running.push(plain);
    expect(await healthcheck({ ANTOM_SANDBOX_PORT: new URL(plain.url).port })).toEqual({ code: 0, stderr: '' });

    const tls = await spawnSandbox(['--data', ':memory:', '--tls']);
    running.push(tls);
    expect(await healthcheck({ ANTOM_SANDBOX_PORT: new URL(tls.url).port, ANTOM_SANDBOX_TLS: 'true' })).toEqual({ code: 0, stderr: '' });
    // plain HTTP against the TLS port is not healthy: the check follows the setting
    expect((await healthcheck({ ANTOM_SANDBOX_PORT: new URL(tls.url).port })).code).toBe(1);
  });

  it('fails, saying why, when nothing answers', async () => {
    const result = await healthcheck({ ANTOM_SANDBOX_PORT: new URL(await refusedUrl()).port });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });
});
