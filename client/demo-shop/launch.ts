#!/usr/bin/env node
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { DEMO_MERCHANT, packageRoot } from '../package-root.js';
import { buildDemoShop } from './shop-app.js';

/**
 * `npm run demo`: starts the sandbox CLI as a child process (in-memory data, any free port),
 * waits for its health check, starts the demo shop and prints its URL. It talks to the sandbox
 * only over HTTP, as a merchant would; it never imports emulator/.
 * Env: DEMO_SHOP_PORT (default 3000, 0 = any), DEMO_SANDBOX_PORT (default 0 = any).
 */
function startSandboxProcess(root: string, port: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'antom-sandbox.js'), '--data', ':memory:', '--port', port, '--notify-retries', 'antom'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`demo: the sandbox exited with code ${code} before it was ready:\n${output}`)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, url: match[1]! });
      }
    });
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const response = await request(`${url}/_sandbox/health`);
      const body = (await response.body.json()) as { status?: string };
      if (response.statusCode === 200 && body.status === 'ok') return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`demo: ${url}/_sandbox/health never answered ok.`);
}

async function main(): Promise<void> {
  const root = packageRoot();
  const { child, url: sandboxUrl } = await startSandboxProcess(root, process.env.DEMO_SANDBOX_PORT ?? '0');
  const stop = () => {
    child.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.once('exit', (code) => {
    console.error(`demo: the sandbox stopped (code ${code}).`);
    process.exit(1);
  });
  await waitForHealth(sandboxUrl);
  const keys = (await (await request(`${sandboxUrl}/_sandbox/api/keys`)).body.json()) as { publicKeyPem: string };

  let shopUrl = '';
  const shop = await buildDemoShop({
    gatewayUrl: sandboxUrl,
    // the demo merchant every sandbox registers; its keys are test-only fixtures
    clientId: 'SANDBOX_DEMO_MERCHANT',
    privateKey: readFileSync(join(root, 'fixtures', 'keys', 'demo-merchant-private.pem'), 'utf8'),
    antomPublicKey: keys.publicKeyPem,
    shopUrl: () => shopUrl,
  });
  await shop.listen({ port: Number(process.env.DEMO_SHOP_PORT ?? 3000), host: '127.0.0.1' });
  shopUrl = `http://localhost:${(shop.server.address() as AddressInfo).port}`;
  console.log(`demo shop:     ${shopUrl}\nsandbox:       ${sandboxUrl}  (control page ${sandboxUrl}/_sandbox)\nCtrl-C stops both.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
