import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox } from '../../emulator/app.js';
import { SERVER_TIMEOUTS } from '../../emulator/server-timeouts.js';
import { spawnSandbox, type SandboxProcess } from '../support/cli-process.js';
import { payRequest, startTestSandbox } from '../support/sandbox-harness.js';

/**
 * 10,000 idle sockets need 10,000 descriptors on each side (Node raises its soft limit to the
 * hard one by itself). Where the hard limit is lower (a container started with nofile=4096, say)
 * the test opens as many as fit and says so, rather than failing on EMFILE.
 */
function openFileLimit(): number {
  const text = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim();
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}
const WANTED_IDLE = 10_000;
const IDLE_CONNECTIONS = Math.min(WANTED_IDLE, openFileLimit() - 500);
if (IDLE_CONNECTIONS < WANTED_IDLE) {
  console.warn(`connection-timeouts: the open-file limit here (ulimit -Hn ${openFileLimit()}) allows ${IDLE_CONNECTIONS} idle connections, not ${WANTED_IDLE}`);
}
const TRICKLERS = 20;

interface Tracked {
  socket: Socket;
  openedAt: number;
  closedAfterMs: Promise<number>;
  answer: () => string;
}

function open(port: number): Promise<Tracked> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const openedAt = performance.now();
    const closedAfterMs = new Promise<number>((done) => socket.on('close', () => done(performance.now() - openedAt)));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.once('connect', () => resolve({ socket, openedAt, closedAfterMs, answer: () => answer }));
    socket.once('error', reject);
  });
}

/** Writes one byte every `everyMs` until the server closes the socket. */
function trickle(t: Tracked, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (t.socket.destroyed || i >= text.length) return clearInterval(timer);
    t.socket.write(text[i++]!);
  }, everyMs);
  t.socket.on('close', () => clearInterval(timer));
}

async function healthLatencies(url: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const response = await request(`${url}/_sandbox/health`);
    await response.body.dump();
    expect(response.statusCode).toBe(200);
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

describe('idle and trickling clients are bounded by the server timeouts (the real CLI)', () => {
  let sandbox: SandboxProcess;
  const sockets: Tracked[] = [];
  beforeAll(async () => {
    sandbox = await spawnSandbox(['--log-level', 'error']);
  });
  afterAll(() => {
    for (const t of sockets) t.socket.destroy();
    sandbox?.child.kill('SIGKILL');
  });

  it(`${IDLE_CONNECTIONS} idle connections and ${TRICKLERS * 2} slow-loris clients: health still answers, and each is closed at its timeout`, async () => {
    const port = Number(new URL(sandbox.url).port);
    const { headersMs, requestMs, checkEveryMs } = SERVER_TIMEOUTS;
    // slow-loris on the headers: a request line, then one header byte every 500 ms, never the blank line
    const headerLoris = await Promise.all(Array.from({ length: TRICKLERS }, () => open(port)));
    for (const t of headerLoris) trickle(t, `GET /_sandbox/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ${'a'.repeat(200)}`, 500);
    // slow-loris on the body: complete headers announcing 10 KB, then one byte every 500 ms
    const bodyLoris = await Promise.all(Array.from({ length: TRICKLERS }, () => open(port)));
    for (const t of bodyLoris) {
      t.socket.write('POST /ams/api/v1/payments/pay HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n');
      trickle(t, '{'.padEnd(10_000, ' '), 500);
    }
    sockets.push(...headerLoris, ...bodyLoris);
    // idle connections that never send a byte, opened in batches
    const idleStarted = performance.now();
    const idle: Tracked[] = [];
    while (idle.length < IDLE_CONNECTIONS) {
      const batch = await Promise.all(Array.from({ length: Math.min(500, IDLE_CONNECTIONS - idle.length) }, () => open(port)));
      idle.push(...batch);
      sockets.push(...batch);
    }
    const openingMs = performance.now() - idleStarted;

    const latencies = await healthLatencies(sandbox.url, 50);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    const stillOpen = idle.filter((t) => !t.socket.destroyed).length;

    const idleClosed = await Promise.all(idle.map((t) => t.closedAfterMs));
    const headerClosed = await Promise.all(headerLoris.map((t) => t.closedAfterMs));
    const bodyClosed = await Promise.all(bodyLoris.map((t) => t.closedAfterMs));
    const max = (values: number[]) => Math.max(...values);
    const min = (values: number[]) => Math.min(...values);
    console.info(
      `connection timeouts: ${IDLE_CONNECTIONS} idle connections opened in ${openingMs.toFixed(0)} ms (${stillOpen} still open at the health checks); health p50 ${latencies[25]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; ` +
        `closed after: idle ${min(idleClosed).toFixed(0)}–${max(idleClosed).toFixed(0)} ms, header slow-loris ${min(headerClosed).toFixed(0)}–${max(headerClosed).toFixed(0)} ms, body slow-loris ${min(bodyClosed).toFixed(0)}–${max(bodyClosed).toFixed(0)} ms`,
    );
    expect(stillOpen).toBeGreaterThan(IDLE_CONNECTIONS * 0.9);
    // a server stuck on its sockets answers in seconds; the bound leaves room for a loaded machine
    expect(p95).toBeLessThan(250);
    expect(latencies.at(-1)!).toBeLessThan(2_000);
    // closed by the header deadline, not before, and not much after (Node checks every checkEveryMs)
    const slack = checkEveryMs + 3_000;
    expect(min(idleClosed)).toBeGreaterThanOrEqual(headersMs - 50);
    expect(max(idleClosed)).toBeLessThan(headersMs + slack + openingMs);
    expect(min(headerClosed)).toBeGreaterThanOrEqual(headersMs - 50);
    expect(max(headerClosed)).toBeLessThan(headersMs + slack + openingMs);
    // Node answers 408 and closes; on a loaded machine the close can win over the write, so an
    // empty answer is allowed, anything else is not
    const answers = headerLoris.map((t) => t.answer().split('\r\n')[0] ?? '');
    for (const answer of answers) expect(answer).toMatch(/^(HTTP\/1\.1 408 .*)?$/);
    expect(answers.some((a) => a.startsWith('HTTP/1.1 408'))).toBe(true);
    // the body has until the request deadline
    expect(min(bodyClosed)).toBeGreaterThanOrEqual(requestMs - 50);
    expect(max(bodyClosed)).toBeLessThan(requestMs + slack + openingMs);
    expect((await healthLatencies(sandbox.url, 1))[0]).toBeLessThan(1_000);
  }, 90_000);
});

describe('the server timeouts', () => {
  it('are set explicitly on the Node server', async () => {
    const app = await buildSandbox({ data: ':memory:', logLevel: 'silent' });
    await app.ready();
    expect(app.server.headersTimeout).toBe(SERVER_TIMEOUTS.headersMs);
    expect(app.server.requestTimeout).toBe(SERVER_TIMEOUTS.requestMs);
    expect(app.server.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveMs);
    expect(app.server.timeout).toBe(SERVER_TIMEOUTS.socketIdleMs);
    await app.close();
  });

  it('do not cut a scenario latency longer than the request deadline: it bounds receiving, not answering', async () => {
    const sandbox = await startTestSandbox({ serverTimeouts: { headersMs: 400, requestMs: 800, checkEveryMs: 100 } } as never);
    try {
      expect((await sandbox.control('POST', '/scenarios', { match: { api: 'pay' }, effect: { latencyMs: 1_500 } })).status).toBe(201);
      const started = performance.now();
      const answer = await sandbox.call('pay', payRequest());
      expect(answer.body.result.resultCode).toBe('PAYMENT_IN_PROCESS');
      expect(performance.now() - started).toBeGreaterThanOrEqual(1_450);
    } finally {
      await sandbox.close();
    }
  });
});
