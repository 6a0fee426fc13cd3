import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

async function keysOf(specifier: string): Promise<string[]> {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m))))`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  return JSON.parse(stdout.trim()) as string[];
}

it('exports the reference client from "antom-sandbox/client" and startSandbox from "antom-sandbox", as plain Node sees them', async () => {
  const [client, main] = await Promise.all([keysOf('antom-sandbox/client'), keysOf('antom-sandbox')]);
  expect(client).toEqual(
    expect.arrayContaining(['AntomClient', 'CheckoutFlow', 'antomNotificationPlugin', 'verifyNotification', 'NOTIFICATION_ACK_BODY', 'SignatureError', 'DeclinedError', 'UnknownOutcomeError', 'ValidationError', 'TransportError', 'AntomClientError']),
  );
  // the demo shop is an example, not API
  expect(client).not.toContain('buildDemoShop');
  expect(main).toEqual(expect.arrayContaining(['buildSandbox', 'startSandbox', 'SandboxControl']));
});
