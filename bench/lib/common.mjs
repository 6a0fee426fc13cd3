// Shared helpers of the benchmarks: spawn the built CLI, wait for health, sign like a merchant,
// drive autocannon with pre-signed requests, and describe the machine.
import { spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// BENCH_CLI points at another build (e.g. a copy of main's dist/) for before/after runs
export const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist', 'cli', 'antom-sandbox.js');
export const CLIENT_ID = 'SANDBOX_DEMO_MERCHANT';
export const merchantKey = createPrivateKey(readFileSync(join(ROOT, 'fixtures', 'keys', 'demo-merchant-private.pem'), 'utf8'));
export const sandboxPublicKey = createPublicKey(readFileSync(join(ROOT, 'fixtures', 'keys', 'sandbox-public.pem'), 'utf8'));
export const API = '/ams/api/v1/payments/';

export function requireBuild() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm run bench does).`);
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `antom-bench-${prefix}-`));
  return { dir, file: join(dir, 'sandbox.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One GET with node:http (no client library to load); resolves with the status, or 0 on a connection error. */
export function getStatus(url) {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * Spawns the built CLI on a known port and resolves once /_sandbox/health answers 200, with the
 * milliseconds from spawn to that answer.
 */
export async function startCli(args = [], { deadlineMs = 30_000 } = {}) {
  requireBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, '--port', String(port), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  for (;;) {
    if (exited) throw new Error(`the sandbox exited before it was healthy:\n${stderr}`);
    if ((await getStatus(`${url}/_sandbox/health`)) === 200) break;
    if (performance.now() - started > deadlineMs) {
      child.kill('SIGKILL');
      throw new Error(`the sandbox was not healthy within ${deadlineMs} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const readyMs = performance.now() - started;
  const readyCpuMs = cpuMsOf(child.pid);
  return {
    readyCpuMs,
    url,
    child,
    readyMs,
    rssBytes: () => rssOf(child.pid),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux)
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of a process's main thread alone (the event loop: its thread id is the pid), in ms. */
export function eventLoopCpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident set size of a process, from /proc (Linux). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

/** Signs exactly as a merchant SDK does (protocol §2). */
export function signRequest(api, body, time = String(Date.now())) {
  const path = `${API}${api}`;
  const text = `POST ${path}\n${CLIENT_ID}.${time}.${body}`;
  const signature = sign('sha256', Buffer.from(text, 'utf8'), merchantKey).toString('base64');
  return {
    path,
    body,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': CLIENT_ID,
      'request-time': time,
      signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature)}`,
    },
  };
}

/** Checks a response signature with the sandbox public key. */
export function responseVerifies(path, headers, body) {
  const match = /signature=([^,]+)$/.exec(headers.signature ?? '');
  if (!match) return false;
  const text = `POST ${path}\n${headers['client-id']}.${headers['response-time']}.${body}`;
  return verify('sha256', Buffer.from(text, 'utf8'), sandboxPublicKey, Buffer.from(decodeURIComponent(match[1]), 'base64'));
}

export function payBody(id, extra = {}) {
  return JSON.stringify({
    productCode: 'CASHIER_PAYMENT',
    paymentRequestId: id,
    order: { orderAmount: { currency: 'KRW', value: '46000' }, referenceOrderId: `ORDER-${id}`, orderDescription: 'Jeju green tea set' },
    paymentAmount: { currency: 'KRW', value: '46000' },
    paymentMethod: { paymentMethodType: 'CARD', paymentMethodMetaData: { requireIssuerAuthentication: true } },
    paymentFactor: { isAuthorization: true },
    paymentRedirectUrl: 'https://merchant.example/return',
    env: { terminalType: 'WEB' },
    ...extra,
  });
}

/** A pool of distinct, really signed pay requests (pay needs a unique paymentRequestId each). */
export function signedPayPool(count, prefix, extra = {}) {
  const pool = [];
  for (let i = 0; i < count; i += 1) pool.push(signRequest('pay', payBody(`${prefix}-${i}`, extra)));
  return pool;
}

/**
 * Runs autocannon over a pool of pre-signed requests, each used once (when `amount` ≤ pool),
 * and checks every answer: HTTP 200, the expected result code, and (for a sample) the signature.
 */
export async function load({ url, pool, connections = 50, amount, duration, expectCode, verifyEvery = 50 }) {
  let next = 0;
  const seen = { ok: 0, non2xx: 0, wrongResult: 0, badSignature: 0, verified: 0, reused: 0 };
  const wrongSamples = [];
  // autocannon closes a run with `amount` only at its next one-second sample, so its own
  // req/s (mean of per-second counts) and duration round up to whole seconds: 10,000 requests
  // done in 4.2 s read as 2,000 req/s. Time the run from the first request to the last answer.
  let firstSentAt;
  let lastAnsweredAt;
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          firstSentAt ??= performance.now();
          if (next >= pool.length) seen.reused += 1;
          const item = pool[next++ % pool.length];
          return { ...req, method: 'POST', path: item.path, headers: item.headers, body: item.body };
        },
        onResponse(status, body, _context, headers) {
          lastAnsweredAt = performance.now();
          if (status < 200 || status > 299) seen.non2xx += 1;
          const code = /"resultCode":"([A-Z_]+)"/.exec(body)?.[1];
          if (status === 200 && code === expectCode) seen.ok += 1;
          else {
            seen.wrongResult += 1;
            if (wrongSamples.length < 3) wrongSamples.push(`${status} ${body.slice(0, 160)}`);
          }
          if ((seen.ok + seen.wrongResult) % verifyEvery === 0) {
            seen.verified += 1;
            if (!responseVerifies(pool[0].path, headers, body)) seen.badSignature += 1;
          }
        },
      },
    ],
  });
  const answered = seen.ok + seen.wrongResult;
  const durationS = (lastAnsweredAt - firstSentAt) / 1000;
  return {
    rps: answered / durationS,
    total: answered,
    durationS,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    ...seen,
    wrongSamples,
  };
}

/** RSA-2048 SHA-256 signatures per second on one core (synchronous, parsed key), over `ms`. */
export function singleCoreSignRate(ms = 2_000, text = signRequest('pay', payBody('SIGN-RATE')).body) {
  const data = Buffer.from(`POST ${API}pay\n${CLIENT_ID}.1.${text}`, 'utf8');
  for (let i = 0; i < 50; i += 1) sign('sha256', data, merchantKey); // warm up
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 20; i += 1) sign('sha256', data, merchantKey);
    count += 20;
  }
  return count / ((performance.now() - started) / 1000);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpu)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return `machine: ${cpus().length} cores, ${model}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Runs a benchmark module's `run()` when the file is executed directly, printing its line. */
export async function mainIfDirect(metaUrl, run) {
  if (process.argv[1] && fileURLToPath(metaUrl) === process.argv[1]) {
    try {
      console.log(await run());
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  }
}
