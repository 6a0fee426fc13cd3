import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { controlCall, signedCall } from '../support/antom-http.js';
import { verifyLikeAnSdk } from '../support/independent-verifier.js';
import { sandboxPublicKey } from '../support/keys.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { payRequest } from '../support/sandbox-harness.js';
import { buildImage, ensureStandInBase, podman, podmanAvailability, podmanStatus, pollUntil, REPO_ROOT, type Availability } from '../support/podman.js';

/**
 * The real image, built from docker/Dockerfile with podman (no Docker engine here) and driven
 * through its published port. Slow on purpose: a cold build compiles better-sqlite3 inside.
 */
const IMAGE = 'localhost/antom-sandbox:test';
const BASE_IMAGE = 'docker.io/library/node:24.22.3-bookworm-slim';
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const logDir = join(REPO_ROOT, 'test-results', 'docker');
const name = (role: string) => `antom-image-test-${role}-${process.pid}`;
const MINUTE = 60_000;

const availability: Availability = await podmanAvailability();
if (!availability.ok) {
  const banner = '!'.repeat(100);
  console.warn(`\n${banner}\n!!! THE DOCKER IMAGE TEST DOES NOT RUN: ${availability.reason}\n!!! docker/Dockerfile was NOT built or tested.\n${banner}\n`);
}
/** every test says it was skipped, and why, rather than passing without having run */
const requirePodman = (ctx: TestContext) => {
  if (!availability.ok) ctx.skip(`podman unavailable: ${availability.reason}`);
};

/** one published container, its host port and when `podman run` returned */
interface Started {
  name: string;
  port: number;
  startedAt: number;
}

async function startContainer(role: string, extra: string[] = []): Promise<Started> {
  await podman(['rm', '-f', '-v', name(role)]).catch(() => undefined);
  await podman(['run', '-d', '--name', name(role), '-p', '127.0.0.1::4180', ...extra, IMAGE]);
  const startedAt = performance.now();
  const mapping = await podman(['port', name(role), '4180/tcp']);
  return { name: name(role), port: Number(/:(\d+)$/.exec(mapping.split('\n')[0]!)![1]), startedAt };
}

const healthcheckPasses = async (container: string) => (await podmanStatus(['healthcheck', 'run', container])) === 0;

describe('the Docker image, built and run with podman', () => {
  let main: Started;
  let receiver: NotificationReceiver;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    if (!availability.ok) return;
    receiver = await startReceiver('/antom/notify', 'ack', '0.0.0.0');
  });

  afterAll(async () => {
    if (!availability.ok) return;
    // containers go, also after a failure (their output kept beside the build log); the image stays cached
    for (const role of ['main', 'tls']) {
      await podman(['logs', name(role)])
        .then((output) => writeFileSync(join(logDir, `container-${role}.log`), output))
        .catch(() => undefined);
      await podman(['rm', '-f', '-v', '-t', '0', name(role)]).catch(() => undefined);
    }
    await receiver?.close();
    if (Object.keys(numbers).length) console.log(`\nDocker image numbers:\n${Object.entries(numbers).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
  }, 2 * MINUTE);

  // a test, not a hook: a failed build counts as a failed test in every report
  it('builds docker/Dockerfile unchanged, with its HEALTHCHECK, non-root user and port', async (ctx) => {
    requirePodman(ctx);
    mkdirSync(logDir, { recursive: true });
    const baseStart = performance.now();
    await ensureStandInBase(join(logDir, 'stand-in-base.log'));
    numbers['stand-in base ready'] = seconds(performance.now() - baseStart);
    const cached = await podmanStatus(['image', 'exists', IMAGE]) === 0;
    const buildStart = performance.now();
    await buildImage(IMAGE, join(logDir, 'build.log'));
    numbers[`image build (${cached ? 'an image was there: layers may be cached' : 'no image before: cold'})`] = seconds(performance.now() - buildStart);
    const [config] = JSON.parse(await podman(['image', 'inspect', IMAGE])) as Array<{ Size: number; Config: Record<string, any>; Healthcheck?: { Test: string[] } }>;
    const baseSize = Number(await podman(['image', 'inspect', '--format', '{{.Size}}', BASE_IMAGE]));
    numbers['image size'] = `${mb(config!.Size)} (base ${mb(baseSize)}, added by docker/Dockerfile ${mb(config!.Size - baseSize)})`;
    expect(config!.Config.User).toBe('node');
    expect(Object.keys(config!.Config.ExposedPorts ?? {})).toEqual(['4180/tcp']);
    expect(config!.Healthcheck?.Test).toEqual(['CMD', 'node', 'dist/emulator/healthcheck.js']);
    expect(config!.Config.Env).toContain('ANTOM_SANDBOX_HOST=0.0.0.0');
    expect(Object.keys(config!.Config.Volumes ?? {})).toEqual(['/data']);
  }, 40 * MINUTE);

  it('becomes healthy through the published port and by its own HEALTHCHECK', async (ctx) => {
    requirePodman(ctx);
    main = await startContainer('main');
    await pollUntil(
      async () => {
        const response = await request(`http://127.0.0.1:${main.port}/_sandbox/health`);
        await response.body.dump();
        return response.statusCode === 200;
      },
      30_000,
      'GET /_sandbox/health through the published port',
    );
    const endpointMs = performance.now() - main.startedAt;
    const healthyAt = Date.now();
    const startedNs = await podman(['inspect', '--format', '{{.State.StartedAt.UnixNano}}', main.name]);
    numbers['healthy (endpoint, after the container process started)'] = `${healthyAt - Number(BigInt(startedNs) / 1_000_000n)} ms`;
    await pollUntil(() => healthcheckPasses(main.name), 30_000, 'podman healthcheck run', 0);
    const healthcheckMs = performance.now() - main.startedAt;
    numbers['healthy (endpoint, after podman run returned)'] = `${endpointMs.toFixed(0)} ms`;
    numbers['healthy (HEALTHCHECK passes, after podman run returned)'] = `${healthcheckMs.toFixed(0)} ms`;
    const single = performance.now();
    expect(await healthcheckPasses(main.name)).toBe(true);
    numbers['one podman healthcheck run'] = `${(performance.now() - single).toFixed(0)} ms`;
    const health = JSON.parse(await podman(['inspect', '--format', '{{json .State.Health}}', main.name])) as { Status: string };
    expect(health.Status).toBe('healthy');
  }, 2 * MINUTE);

  it('runs the sandbox as a non-root user, writing its data to /data', async (ctx) => {
    requirePodman(ctx);
    expect(await podman(['exec', main.name, 'id', '-u'])).toBe('1000');
    // PID 1 (the sandbox itself) as well, not only what exec starts
    expect(await podman(['exec', main.name, 'stat', '-c', '%u', '/proc/1'])).toBe('1000');
    // node itself is PID 1 (no shell in between), so SIGTERM reaches the sandbox
    expect(await podman(['exec', main.name, 'cat', '/proc/1/cmdline'])).toBe('node\0dist/cli/antom-sandbox.js\0');
    expect((await podman(['exec', main.name, 'ls', '/data'])).split('\n')).toContain('sandbox.db');
  });

  it('takes a signed pay, an authorization and an inquiry through the published port, and notifies a receiver on the host', async (ctx) => {
    requirePodman(ctx);
    const url = `http://127.0.0.1:${main.port}`;
    // the container reaches the host by the name podman adds to its /etc/hosts
    const notifyUrl = `http://host.containers.internal:${receiver.port}/antom/notify`;
    const pay = await signedCall(url, 'pay', payRequest({ paymentNotifyUrl: notifyUrl }));
    expect(pay.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    const authorized = await controlCall(url, 'POST', `/payments/${pay.paymentId}/authorize`, { outcome: 'approve' });
    expect(authorized.status).toBe('SUCCESS');
    const inquiry = await signedCall(url, 'inquiryPayment', { paymentId: pay.paymentId });
    expect(inquiry.result.resultCode).toBe('SUCCESS');
    expect(inquiry.paymentStatus).toBe('SUCCESS');

    const [notification] = await Promise.race([
      receiver.waitFor(1),
      new Promise<never>((_, reject) =>
        setTimeout(async () => reject(new Error(`no notification within 20 s: ${JSON.stringify(await controlCall(url, 'GET', `/notifications?paymentId=${pay.paymentId}`))}`)), 20_000).unref(),
      ),
    ]);
    expect(notification!.json).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentId: pay.paymentId, result: { resultCode: 'SUCCESS' } });
    expect(verifyLikeAnSdk({ method: 'POST', path: '/antom/notify', headers: notification!.headers, body: notification!.body, publicKey: sandboxPublicKey, timeHeader: 'request-time' })).toEqual({
      ok: true,
    });
  }, 2 * MINUTE);

  it('exits cleanly on SIGTERM in under 2 s', async (ctx) => {
    requirePodman(ctx);
    const sentBefore = Date.now();
    const start = performance.now();
    // -t 10: were SIGTERM ignored, podman would wait 10 s and then SIGKILL (exit 137)
    await podman(['stop', '-t', '10', main.name]);
    numbers['podman stop returned after'] = `${(performance.now() - start).toFixed(0)} ms`;
    // the container's own exit time: podman's bookkeeping after the exit is not the sandbox's doing
    const [finishedNs, exitCode] = (await podman(['inspect', '--format', '{{.State.FinishedAt.UnixNano}} {{.State.ExitCode}}', main.name])).split(' ');
    const exitMs = Number(BigInt(finishedNs!) / 1_000_000n) - sentBefore;
    numbers['SIGTERM to exit (from the podman stop command to the container finishing)'] = `${exitMs} ms`;
    expect(exitCode).toBe('0');
    expect(exitMs).toBeLessThan(2_000);
  }, MINUTE);

  it('serves HTTPS with ANTOM_SANDBOX_TLS=true, and its HEALTHCHECK follows', async (ctx) => {
    requirePodman(ctx);
    const tls = await startContainer('tls', ['-e', 'ANTOM_SANDBOX_TLS=true']);
    await pollUntil(() => healthcheckPasses(tls.name), 30_000, 'podman healthcheck run (TLS)', 0);
    const certificate = await podman(['exec', tls.name, 'cat', '/data/tls-cert.pem']);
    const trusting = new Agent({ connect: { ca: certificate, servername: 'localhost' } });
    try {
      const response = await request(`https://127.0.0.1:${tls.port}/_sandbox/health`, { dispatcher: trusting });
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toMatchObject({ status: 'ok' });
      const pay = await signedCall(`https://127.0.0.1:${tls.port}`, 'pay', payRequest(), undefined, trusting);
      expect(pay.result.resultCode).toBe('PAYMENT_IN_PROCESS');
    } finally {
      await trusting.close();
    }
  }, 2 * MINUTE);
});
