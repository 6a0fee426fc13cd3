// Notifications: delivery rate to a fast local receiver, and pay p99 while 1,000 deliveries hang
// on an endpoint that accepts the connection and never answers.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { fmt, load, mainIfDirect, payBody, signRequest, signedPayPool, startCli, tempDir } from './lib/common.mjs';

const ACK = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

/** A merchant endpoint that acknowledges at once and counts distinct notifications. */
async function fastReceiver() {
  const ids = new Set();
  let waiter;
  const server = createHttpServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      ids.add(`${body.notifyType}:${body.paymentId}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(ACK);
      if (waiter && ids.size >= waiter.count) waiter.resolve(performance.now());
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/notify`,
    ids,
    waitFor: (count) => new Promise((resolve) => (waiter = { count, resolve })),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Accepts connections and never answers: every delivery to it hangs until its timeout. */
async function deadEndpoint() {
  const sockets = new Set();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/never`,
    open: () => sockets.size,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(resolve); }),
  };
}

async function post(url, request) {
  const response = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
  return response.json();
}

async function control(url, path, body) {
  const response = await fetch(`${url}/_sandbox/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Creates `count` payments declined at the issuer, so each has one PAYMENT_RESULT to deliver. */
async function declinedPayments(url, count, notifyUrl, prefix) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const pay = await post(url, signRequest('pay', payBody(`${prefix}-${i}`, { paymentNotifyUrl: notifyUrl })));
      if (pay.result?.resultCode !== 'PAYMENT_IN_PROCESS') throw new Error(`pay answered ${JSON.stringify(pay.result)}`);
      await control(url, `/payments/${pay.paymentId}/authorize`, { outcome: 'decline', resultCode: 'DO_NOT_HONOR' });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export async function run({ deliveries = Number(process.env.BENCH_NOTIFY_COUNT ?? 2_000), hanging = 1_000, durationS = Number(process.env.BENCH_NOTIFY_SECONDS ?? 5) } = {}) {
  const receiver = await fastReceiver();
  const dead = await deadEndpoint();
  const data = tempDir('notify');
  const sandbox = await startCli(['--data', data.file, '--notify-timeout', '600000', '--log-level', 'error']);
  try {
    // 1. delivery rate: park every notification 60 s of virtual time, then release them at once
    const rule = await control(sandbox.url, '/scenarios', { effect: { notification: { delayMs: 60_000 } } });
    await declinedPayments(sandbox.url, deliveries, receiver.url, `BENCH-N-${Date.now()}`);
    await fetch(`${sandbox.url}/_sandbox/api/scenarios/${rule.id}`, { method: 'DELETE' });
    const done = receiver.waitFor(deliveries);
    const released = performance.now();
    await control(sandbox.url, '/clock/advance', { ms: 60_000 });
    const rate = deliveries / (((await done) - released) / 1000);

    // 2. pay p99 alone, then while deliveries hang on the dead endpoint
    const connections = 50;
    const alone = await load({ url: sandbox.url, pool: signedPayPool(4_000, `BENCH-A-${Date.now()}`), connections, duration: durationS, expectCode: 'PAYMENT_IN_PROCESS' });
    await declinedPayments(sandbox.url, hanging, dead.url, `BENCH-D-${Date.now()}`);
    const deadline = performance.now() + 30_000;
    while (dead.open() < 200 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const inFlight = dead.open();
    const busy = await load({ url: sandbox.url, pool: signedPayPool(4_000, `BENCH-B-${Date.now()}`), connections, duration: durationS, expectCode: 'PAYMENT_IN_PROCESS' });
    const stillHanging = dead.open();
    const wrong = alone.wrongResult + busy.wrongResult + alone.non2xx + busy.non2xx + alone.badSignature + busy.badSignature;
    return (
      `notifications: ${fmt(rate)} deliveries/s to a fast receiver (${receiver.ids.size}/${deliveries} distinct received); ` +
      `pay p99 ${fmt(alone.p99)} ms alone (${fmt(alone.rps)} req/s) vs ${fmt(busy.p99)} ms with ${hanging} deliveries to a dead endpoint ` +
      `(${inFlight} connections hanging at the start, ${stillHanging} at the end; ${fmt(busy.rps)} req/s); wrong or unsigned answers ${wrong}`
    );
  } finally {
    await sandbox.stop();
    await receiver.close();
    await dead.close();
    data.remove();
  }
}

await mainIfDirect(import.meta.url, run);
