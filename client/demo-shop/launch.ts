#!/usr/bin/env node
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { DEMO_MERCHANT, packageRoot } from '../package-root.js';
import { buildDemoShop } from './shop-app.js';

/**
 * `npm run demo [-- --host <address> --port <n> --shop-port <n>]`: starts the sandbox CLI as a
 * child process (in-memory data), waits for its health check, starts the demo shop and prints
 * its URL. It talks to the sandbox only over HTTP, as a merchant would; it never imports
 * emulator/. The environment variables DEMO_SANDBOX_PORT and DEMO_SHOP_PORT still work.
 */
const HELP = `npm run demo [-- flags]: a sandbox plus a one-item demo shop that pays through it

  --host <address>   the address both listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port <n>         the sandbox's port (default: any free one)  [DEMO_SANDBOX_PORT]
  --shop-port <n>    the shop's port (default 3000; 0 = any free one)  [DEMO_SHOP_PORT]
  --help             this text`;

class DemoUsageError extends Error {}

interface DemoSettings {
  host: string;
  sandboxPort: number;
  shopPort: number;
}

function port(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new DemoUsageError(`demo: ${flag} "${text}" is not a port (0-65535).`);
  return Number(text);
}

function parseDemoArgs(argv: string[], env: NodeJS.ProcessEnv): DemoSettings | 'help' {
  let values: { host?: string; port?: string; 'shop-port'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { host: { type: 'string' }, port: { type: 'string' }, 'shop-port': { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    throw new DemoUsageError(`demo: ${(error as Error).message.split('. ')[0]}; npm run demo -- --help lists the flags.`);
  }
  if (values.help) return 'help';
  return {
    host: values.host ?? '127.0.0.1',
    sandboxPort: port('--port', values.port ?? env.DEMO_SANDBOX_PORT ?? '0'),
    shopPort: port('--shop-port', values['shop-port'] ?? env.DEMO_SHOP_PORT ?? '3000'),
  };
}

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'];

/** The name a browser on this machine uses for an address the demo listens on. */
function browserHost(host: string): string {
  if (LOCAL_HOSTS.includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** A free port on host, so the sandbox can be told its public URL before it starts. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject).listen(0, host, () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}

async function startSandboxProcess(root: string, settings: DemoSettings): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--data', ':memory:', '--host', settings.host, '--port', String(settings.sandboxPort), '--notify-retries', 'antom'];
  // normalUrl and page links must name an address the buyer's browser reaches
  if (browserHost(settings.host) !== 'localhost') {
    const sandboxPort = settings.sandboxPort || (await freePort(settings.host));
    args.splice(args.indexOf('--port') + 1, 1, String(sandboxPort));
    args.push('--public-url', `http://${browserHost(settings.host)}:${sandboxPort}`);
  }
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'antom-sandbox.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    // the sandbox has printed its one-sentence reason on stderr already
    child.once('exit', (code) => reject(new Error(`demo: the sandbox did not start (exit code ${code}).`)));
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

async function main(): Promise<number> {
  const settings = parseDemoArgs(process.argv.slice(2), process.env);
  if (settings === 'help') {
    console.log(HELP);
    return 0;
  }
  const root = packageRoot();
  const { child, url: sandboxUrl } = await startSandboxProcess(root, settings);
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
    clientId: DEMO_MERCHANT.clientId,
    privateKey: readFileSync(DEMO_MERCHANT.privateKeyFile(), 'utf8'),
    antomPublicKey: keys.publicKeyPem,
    shopUrl: () => shopUrl,
  });
  try {
    await shop.listen({ port: settings.shopPort, host: settings.host });
  } catch (error) {
    child.kill('SIGTERM');
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `demo: port ${settings.shopPort} is in use (another demo?): stop it, or choose another with --shop-port <n> (0 = any free one).`
        : `demo: the shop cannot listen on ${settings.host}:${settings.shopPort} (${code ?? (error as Error).message}): choose another --shop-port or --host.`,
    );
  }
  shopUrl = `http://${browserHost(settings.host)}:${(shop.server.address() as AddressInfo).port}`;
  console.log(`demo shop:     ${shopUrl}\nsandbox:       ${sandboxUrl}  (control page ${sandboxUrl}/_sandbox)\nCtrl-C stops both.`);
  return -1;
}

main().then(
  (code) => {
    // -1: serving until a signal
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof DemoUsageError ? 2 : 1);
  },
);
