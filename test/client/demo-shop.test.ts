import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDemoShop } from '../../client/demo-shop/shop-app.js';
import { startSandbox, type RunningSandbox } from '../../emulator/index.js';

const root = join(import.meta.dirname, '..', '..');
let sandbox: RunningSandbox;
let shop: FastifyInstance;
let shopUrl = '';

beforeAll(async () => {
  sandbox = await startSandbox();
  shop = await buildDemoShop({
    gatewayUrl: sandbox.url,
    clientId: sandbox.demoMerchant.clientId,
    privateKey: sandbox.demoMerchant.privateKey,
    antomPublicKey: sandbox.publicKey,
    shopUrl: () => shopUrl,
  });
  await shop.listen({ port: 0, host: '127.0.0.1' });
  shopUrl = `http://127.0.0.1:${(shop.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await shop.close();
  await sandbox.close();
});

async function get(url: string) {
  const response = await request(url);
  return { status: response.statusCode, text: await response.body.text() };
}

describe('the demo shop over HTTP', () => {
  it('sells the item: buy → hosted page → notifications → paid and captured', async () => {
    expect((await get(shopUrl)).text).toContain('id="buy"');
    const bought = await request(`${shopUrl}/orders`, { method: 'POST' });
    expect(bought.statusCode).toBe(303);
    expect(String(bought.headers.location)).toContain(`${new URL(sandbox.url).port}/checkout-page/`);
    await bought.body.dump();

    const [payment] = await sandbox.control.payments();
    const orderId = String(payment!.referenceOrderId);
    expect(payment!.notifyUrl).toBe(`${shopUrl}/antom/notify`);
    expect(payment!.redirectUrl).toBe(`${shopUrl}/orders/${orderId}`);

    await sandbox.control.authorize(payment!.paymentId, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    await sandbox.control.advanceClock(1_000);
    // the notifications reach the shop on their own; wait for the page's own state endpoint
    await vi.waitFor(async () => expect(JSON.parse((await get(`${shopUrl}/orders/${orderId}/state`)).text).status).toBe('CAPTURED'), { timeout: 5_000, interval: 50 });
    const page = await get(`${shopUrl}/orders/${orderId}`);
    expect(page.text).toContain('data-status="CAPTURED"');
    expect(page.text).toContain('Paid and captured');
    expect(page.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('offers "Cancel order" before payment and "Refund" once paid, and refunds in full', async () => {
    const bought = await request(`${shopUrl}/orders`, { method: 'POST' });
    await bought.body.dump();
    const [payment] = await sandbox.control.payments({ status: 'PROCESSING' });
    const orderId = String(payment!.referenceOrderId);
    const before = (await get(`${shopUrl}/orders/${orderId}`)).text;
    expect(before).toMatch(/<button id="order-action"[^>]*>Cancel order<\/button>/);
    expect(before).toContain('nothing is charged');

    await sandbox.control.authorize(payment!.paymentId, { outcome: 'approve', cardBrand: 'HYUNDAI' });
    await sandbox.control.advanceClock(1_000);
    await vi.waitFor(async () => expect(JSON.parse((await get(`${shopUrl}/orders/${orderId}/state`)).text).status).toBe('CAPTURED'), { timeout: 5_000, interval: 50 });
    const paid = (await get(`${shopUrl}/orders/${orderId}`)).text;
    expect(paid).toMatch(/<button id="order-action"[^>]*>Refund<\/button>/);
    expect(paid).toContain('Refunds the full ₩46,000 to your card');
    expect(paid).not.toContain('>Cancel order<');

    const refunded = await request(`${shopUrl}/orders/${orderId}/cancel`, { method: 'POST' });
    expect(refunded.statusCode).toBe(303);
    await refunded.body.dump();
    await vi.waitFor(async () => expect(JSON.parse((await get(`${shopUrl}/orders/${orderId}/state`)).text).status).toBe('REFUNDED'), { timeout: 5_000, interval: 50 });
    // the button is gone once nothing is left to cancel or refund
    expect((await get(`${shopUrl}/orders/${orderId}`)).text).toMatch(/<form id="cancel"[^>]* hidden>/);
  });

  it('answers 404 for an unknown order', async () => {
    expect((await get(`${shopUrl}/orders/NOPE/state`)).status).toBe(404);
  });
});

async function launch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const launcher = spawn(process.execPath, [join(root, 'dist', 'client', 'demo-shop', 'launch.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  launcher.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const banner = new Promise<string>((resolve, reject) => {
    launcher.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Ctrl-C')) resolve(out);
    });
    launcher.once('exit', (code) => reject(new Error(`launcher exited ${code}: ${out}${err}`)));
  });
  // a launcher that is meant to exit (a bad flag, --help) never prints a banner
  banner.catch(() => undefined);
  return { launcher, exited, banner, output: () => ({ out, err }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('npm run demo (the launcher)', () => {
  it('takes --host, --port and --shop-port', async () => {
    const [sandboxPort, shopPort] = [await freePort(), await freePort()];
    const demo = await launch(['--host', '127.0.0.1', '--port', String(sandboxPort), '--shop-port', String(shopPort)]);
    const banner = await demo.banner;
    expect(banner).toContain(`demo shop:     http://localhost:${shopPort}\n`);
    expect(banner).toContain(`sandbox:       http://localhost:${sandboxPort}  (control page http://localhost:${sandboxPort}/_sandbox)`);
    // buying sends the buyer to the hosted page of the sandbox on that port
    const bought = await request(`http://127.0.0.1:${shopPort}/orders`, { method: 'POST' });
    expect(bought.statusCode).toBe(303);
    expect(String(bought.headers.location)).toMatch(new RegExp(`^http://localhost:${sandboxPort}/checkout-page/pages/payment/`));
    await bought.body.dump();
    demo.launcher.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  });

  it('refuses a bad flag with a sentence, and prints --help', async () => {
    const bad = await launch(['--shop-port', 'many']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().err.trim()).toBe('demo: --shop-port "many" is not a port (0-65535).');
    const help = await launch(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output().out).toMatch(/--host <address>[\s\S]*--port <n>[\s\S]*--shop-port <n>/);
  });

  it('starts the sandbox CLI as a child process, then the shop, and stops both on SIGTERM', async () => {
    const launcher = spawn(process.execPath, [join(root, 'dist', 'client', 'demo-shop', 'launch.js')], {
      env: { ...process.env, DEMO_SHOP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      launcher.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('Ctrl-C')) resolve(out);
      });
      launcher.once('exit', (code) => reject(new Error(`launcher exited ${code}: ${out}`)));
    });
    const shopLink = /demo shop:\s+(\S+)/.exec(banner)![1]!;
    const sandboxLink = /sandbox:\s+(\S+)/.exec(banner)![1]!;
    expect((await get(shopLink)).text).toContain('Demo shop');
    expect(JSON.parse((await get(`${sandboxLink}/_sandbox/health`)).text).status).toBe('ok');
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    await vi.waitFor(async () => expect(await get(`${sandboxLink}/_sandbox/health`).then(() => 'up', () => 'down')).toBe('down'), { timeout: 5_000, interval: 50 });
  });
});
