import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent } from 'undici';
import { buildSandbox } from './app.js';
import type { SandboxOptions } from './config.js';
import { FIXTURES_DIR } from './package-root.js';
import { SandboxControl, type ScenarioRule } from './sandbox-control.js';

export interface StartSandboxOptions extends Omit<SandboxOptions, 'port' | 'data'> {
  /** default 0 (any free port) */
  port?: number;
  /** default ':memory:' */
  data?: string;
}

export interface RunningSandbox {
  /** base URL: the gateway URL for your Antom client */
  url: string;
  /** with `tls: true`: the certificate it serves (PEM); trust it as a CA in your HTTPS client */
  certificate?: string;
  /** the sandbox public key (PEM): "Antom's public key" for your client */
  publicKey: string;
  /** the demo merchant (test-only keys from fixtures/) every sandbox knows */
  demoMerchant: { clientId: string; privateKey: string };
  control: SandboxControl;
  /** adds a scenario rule (design.md "Scenarios"); reset() removes every rule */
  use(rule: ScenarioRule): Promise<{ id: string } & ScenarioRule>;
  /** empties payments, notifications and scenario rules; keeps merchants and keys */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The sandbox in-process for a merchant's own tests, with msw's lifecycle: start once,
 * use(rule) per test, reset() after each, close() at the end. Random port, in-memory storage.
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const app = await buildSandbox({ logLevel: 'silent', ...options, port: options.port ?? 0, data: options.data ?? ':memory:' });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const certificate = app.sandboxTlsCertificate;
  // the control helpers trust the self-signed certificate; a certificate of your own, your CAs
  const agent = certificate && !options.tlsCert ? new Agent({ connect: { ca: certificate } }) : undefined;
  const control = new SandboxControl(url, options.controlToken, agent);
  return {
    url,
    ...(certificate ? { certificate } : {}),
    publicKey: app.sandbox.signer.publicKeyPem,
    demoMerchant: {
      clientId: 'SANDBOX_DEMO_MERCHANT',
      privateKey: readFileSync(join(FIXTURES_DIR, 'keys', 'demo-merchant-private.pem'), 'utf8'),
    },
    control,
    use: (rule) => control.call<{ id: string } & ScenarioRule>('POST', '/scenarios', rule),
    async reset() {
      // the control API's reset empties payments, notifications, scenario rules and the journal
      await control.call('POST', '/reset', {});
    },
    async close() {
      await app.close();
      await agent?.close();
    },
  };
}
